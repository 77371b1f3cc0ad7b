// The outage detector (rule 4) at its edges: results arriving out of order, the exact length of
// silence that is a gap, and a state rebuilt from what the database kept.
import { describe, expect, it } from 'vitest';
import { INITIAL_STATE, detect, restoreState, type DetectorState, type Observation } from '../../src/outages/detector.ts';
import { instant } from '../../src/time/iso.ts';

// Results every 30 s from Monday November 16, 2026, 10:00 (Toronto, EST).
const T0 = instant('2026-11-16T10:00:00-05:00');
const EVERY = 30_000;
const at = (n: number) => T0 + n * EVERY;
const params = { confirmAfter: 2, intervalMs: EVERY };
const down = (n: number, reason = `r${n}`): Observation => ({ at: at(n), status: 'down', reason });
const up = (n: number): Observation => ({ at: at(n), status: 'up', reason: null });
const degraded = (n: number): Observation => ({ at: at(n), status: 'degraded', reason: 'slow' });
const openAt = (start: number, lastDown: number, last = lastDown): DetectorState => ({ lastResultAt: at(last), pending: null, open: { start: at(start), lastDownAt: at(lastDown) } });

describe('the first result of a check', () => {
  it('an answer is nothing to report; a down is pending, not yet an outage', () => {
    expect(detect(INITIAL_STATE, up(0), params)).toEqual({ state: { lastResultAt: at(0), pending: null, open: null }, events: [] });
    expect(detect(INITIAL_STATE, degraded(0), params).events).toEqual([]);
    expect(detect(INITIAL_STATE, down(0, 'refused'), params)).toEqual({
      state: { lastResultAt: at(0), pending: { firstAt: at(0), count: 1, reason: 'refused' }, open: null },
      events: [],
    });
  });

  it('with confirmAfter 1, a first down is an outage at once', () => {
    expect(detect(INITIAL_STATE, down(0, 'refused'), { confirmAfter: 1, intervalMs: EVERY }).events).toEqual([
      { type: 'outage_opened', start: at(0), lastDownAt: at(0), reason: 'refused' },
    ]);
  });
});

describe('silence: exactly three intervals is still monitoring, one millisecond more is a gap', () => {
  it('after an answer', () => {
    const state: DetectorState = { lastResultAt: at(0), pending: null, open: null };
    expect(detect(state, up(3), params).events).toEqual([]);
    expect(detect(state, { ...up(3), at: at(3) + 1 }, params).events).toEqual([{ type: 'unmonitored', start: at(0), end: at(3) + 1 }]);
  });

  it('during an outage: continued at three intervals, closed at its last down past them', () => {
    expect(detect(openAt(0, 1), down(4), params).events).toEqual([{ type: 'outage_continued', lastDownAt: at(4) }]);
    const after = detect(openAt(0, 1), { ...down(4), at: at(4) + 1 }, params);
    expect(after.events).toEqual([
      { type: 'outage_closed', end: at(1), cause: 'gap' },
      { type: 'unmonitored', start: at(1), end: at(4) + 1 },
    ]);
    // The down after the gap starts counting afresh.
    expect(after.state).toEqual({ lastResultAt: at(4) + 1, pending: { firstAt: at(4) + 1, count: 1, reason: 'r4' }, open: null });
  });

  it('the gap is measured in the check’s own interval', () => {
    const state: DetectorState = { lastResultAt: at(0), pending: null, open: null };
    expect(detect(state, up(6), { confirmAfter: 2, intervalMs: 2 * EVERY }).events).toEqual([]);
    expect(detect(state, up(7), { confirmAfter: 2, intervalMs: 2 * EVERY }).events).toEqual([{ type: 'unmonitored', start: at(0), end: at(7) }]);
  });

  it('a pending down before a gap is forgotten: an answer after the gap is no blip', () => {
    const state: DetectorState = { lastResultAt: at(1), pending: { firstAt: at(1), count: 1, reason: 'r1' }, open: null };
    const step = detect(state, up(9), params);
    expect(step.events).toEqual([{ type: 'unmonitored', start: at(1), end: at(9) }]);
    expect(step.state).toEqual({ lastResultAt: at(9), pending: null, open: null });
  });
});

describe('results out of order', () => {
  it('a late down never moves an outage’s last down backwards', () => {
    const step = detect(openAt(0, 5), down(4), params);
    expect(step.events).toEqual([{ type: 'outage_continued', lastDownAt: at(5) }]);
    expect(step.state).toEqual(openAt(0, 5));
  });

  it('a late answer closes the outage at its last down, not before it', () => {
    expect(detect(openAt(0, 5), up(4), params)).toEqual({
      state: { lastResultAt: at(5), pending: null, open: null },
      events: [{ type: 'outage_closed', end: at(5), cause: 'recovered' }],
    });
  });

  it('the time of the last result never goes backwards', () => {
    const state: DetectorState = { lastResultAt: at(5), pending: null, open: null };
    expect(detect(state, up(4), params).state.lastResultAt).toBe(at(5));
  });
});

describe('downs that are not yet an outage', () => {
  it('keep the time and reason of the first of them, and count', () => {
    const first = detect(INITIAL_STATE, down(0, 'timeout'), { confirmAfter: 3, intervalMs: EVERY });
    const second = detect(first.state, down(1, 'refused'), { confirmAfter: 3, intervalMs: EVERY });
    expect(second).toEqual({ state: { lastResultAt: at(1), pending: { firstAt: at(0), count: 2, reason: 'timeout' }, open: null }, events: [] });
    const third = detect(second.state, down(2, 'reset'), { confirmAfter: 3, intervalMs: EVERY });
    expect(third).toEqual({
      state: { lastResultAt: at(2), pending: null, open: { start: at(0), lastDownAt: at(2) } },
      events: [{ type: 'outage_opened', start: at(0), lastDownAt: at(2), reason: 'timeout' }],
    });
  });

  it('end in a blip at a degraded answer, which is an answer', () => {
    const state: DetectorState = { lastResultAt: at(1), pending: { firstAt: at(1), count: 1, reason: 'r1' }, open: null };
    expect(detect(state, degraded(2), params)).toEqual({
      state: { lastResultAt: at(2), pending: null, open: null },
      events: [{ type: 'blip', start: at(1), end: at(2), downs: 1 }],
    });
  });
});

describe('restoring the state from the database', () => {
  it('a check never probed, with nothing recorded, starts from the initial state', () => {
    expect(restoreState({ lastResultAt: null, openOutage: null, latestFirst: [] })).toEqual(INITIAL_STATE);
  });

  it('an open outage without a recorded last down is taken as down since its start', () => {
    expect(restoreState({ lastResultAt: at(3), openOutage: { start: at(1), lastDownAt: null }, latestFirst: [] })).toEqual({
      lastResultAt: at(3),
      pending: null,
      open: { start: at(1), lastDownAt: at(1) },
    });
  });

  it('an open outage without a recorded last result was last seen at its last down', () => {
    expect(restoreState({ lastResultAt: null, openOutage: { start: at(1), lastDownAt: at(2) }, latestFirst: [] })).toEqual(openAt(1, 2));
  });

  it('an open outage takes precedence over the latest results', () => {
    expect(restoreState({ lastResultAt: at(2), openOutage: { start: at(1), lastDownAt: at(2) }, latestFirst: [down(2), down(1)] }).pending).toBeNull();
  });

  it('counts the downs back to the latest answer, and keeps the oldest one’s time and reason', () => {
    const state = restoreState({ lastResultAt: at(6), openOutage: null, latestFirst: [down(6), down(5), up(4), down(3)] });
    expect(state).toEqual({ lastResultAt: at(6), pending: { firstAt: at(5), count: 2, reason: 'r5' }, open: null });
  });

  it('when every result kept is a down, counts them all', () => {
    expect(restoreState({ lastResultAt: at(2), openOutage: null, latestFirst: [down(2), down(1), down(0)] }).pending).toEqual({ firstAt: at(0), count: 3, reason: 'r0' });
  });

  it('a latest result that answered leaves nothing pending', () => {
    expect(restoreState({ lastResultAt: at(6), openOutage: null, latestFirst: [degraded(6), down(5)] })).toEqual({ lastResultAt: at(6), pending: null, open: null });
  });
});
