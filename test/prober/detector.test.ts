import { describe, expect, it } from 'vitest';
import { INITIAL_STATE, detect, restoreState, type DetectorEvent, type DetectorState, type Observation } from '../../src/outages/detector.ts';
import { instant } from '../../src/time/iso.ts';

// Results every 30 s from 10:00:00 (Toronto, EST). `s` is the status of each, `_` a missing result.
const T0 = instant('2026-11-16T10:00:00-05:00');
const EVERY = 30_000;
const at = (n: number) => T0 + n * EVERY;
const iso = (ms: number) => new Date(ms).toISOString();

function run(pattern: string, params = { confirmAfter: 2, intervalMs: EVERY }, from: DetectorState = INITIAL_STATE) {
  let state = from;
  const events: Array<DetectorEvent & { after: number }> = [];
  [...pattern].forEach((symbol, n) => {
    if (symbol === '_') return;
    const status = ({ u: 'up', d: 'down', s: 'degraded' } as const)[symbol as 'u' | 'd' | 's'];
    const result: Observation = { at: at(n), status, reason: status === 'down' ? `r${n}` : null };
    const step = detect(state, result, params);
    state = step.state;
    for (const event of step.events) events.push({ ...event, after: n });
  });
  return { state, events };
}

/** Events as short strings with result indexes, so a table row reads like the rule. */
function summary(events: ReadonlyArray<DetectorEvent & { after: number }>): string[] {
  const n = (ms: number) => (ms - T0) / EVERY;
  return events.map((event) => {
    switch (event.type) {
      case 'outage_opened':
        return `open@${n(event.start)}`;
      case 'outage_continued':
        return `down@${n(event.lastDownAt)}`;
      case 'outage_closed':
        return `close@${n(event.end)}:${event.cause}`;
      case 'blip':
        return `blip@${n(event.start)}-${n(event.end)}x${event.downs}`;
      case 'unmonitored':
        return `gap@${n(event.start)}-${n(event.end)}`;
    }
  });
}

describe('outage detection (rule 4), results every 30 s', () => {
  it.each([
    // pattern        confirmAfter  events
    ['uuuu', 2, []],
    ['udu', 2, ['blip@1-2x1']],
    ['uddu', 2, ['open@1', 'close@3:recovered']],
    ['udddu', 2, ['open@1', 'down@3', 'close@4:recovered']],
    ['uddu', 3, ['blip@1-3x2']],
    ['udddu', 3, ['open@1', 'close@4:recovered']],
    ['udu', 1, ['open@1', 'close@2:recovered']],
    // Degraded answers: slowness is never downtime, and it ends an outage or a blip.
    ['ussu', 2, []],
    ['uddsu', 2, ['open@1', 'close@3:recovered']],
    ['udsdu', 2, ['blip@1-2x1', 'blip@3-4x1']],
    // Flapping: down/up alternating never confirms with confirmAfter 2.
    ['dudududu', 2, ['blip@0-1x1', 'blip@2-3x1', 'blip@4-5x1', 'blip@6-7x1']],
    ['ddudduddu', 2, ['open@0', 'close@2:recovered', 'open@3', 'close@5:recovered', 'open@6', 'close@8:recovered']],
    // Three intervals of silence is still monitoring; more is a gap.
    ['ud__du', 2, ['open@1', 'close@5:recovered']],
    ['u___u', 2, ['gap@0-4']],
    // An outage open when monitoring stopped counts to its last down; the gap is unmonitored;
    // a new outage starts if the check is still down after the gap.
    ['udd____ddu', 2, ['open@1', 'close@2:gap', 'gap@2-7', 'open@7', 'close@9:recovered']],
    ['udd____u', 2, ['open@1', 'close@2:gap', 'gap@2-7']],
    // Unconfirmed downs are not consecutive across a gap.
    ['ud____du', 2, ['gap@1-6', 'blip@6-7x1']],
  ] as const)('%s with confirmAfter %i → %j', (pattern, confirmAfter, expected) => {
    expect(summary(run(pattern, { confirmAfter, intervalMs: EVERY }).events)).toEqual(expected);
  });

  it('starts the outage at the first down result and keeps the reason it failed with', () => {
    const { events } = run('uddd');
    expect(events[0]).toMatchObject({ type: 'outage_opened', start: at(1), lastDownAt: at(2), reason: 'r1' });
    expect(iso(at(1))).toBe('2026-11-16T15:00:30.000Z');
  });

  it('keeps the open outage and the time of the last result in its state', () => {
    expect(run('uddd').state).toEqual({ lastResultAt: at(3), pending: null, open: { start: at(1), lastDownAt: at(3) } });
    expect(run('uud').state).toEqual({ lastResultAt: at(2), pending: { firstAt: at(2), count: 1, reason: 'r2' }, open: null });
  });
});

describe('restoring the state after a restart', () => {
  it('continues an open outage: it keeps its start and is never opened twice', () => {
    const state = restoreState({ lastResultAt: at(3), openOutage: { start: at(1), lastDownAt: at(3) }, latestFirst: [] });
    const after = detect(state, { at: at(4), status: 'down', reason: 'refused' }, { confirmAfter: 2, intervalMs: EVERY });
    expect(after.events).toEqual([{ type: 'outage_continued', lastDownAt: at(4) }]);
    const recovered = detect(after.state, { at: at(5), status: 'up', reason: null }, { confirmAfter: 2, intervalMs: EVERY });
    expect(recovered.events).toEqual([{ type: 'outage_closed', end: at(5), cause: 'recovered' }]);
  });

  it('after a restart longer than 3 intervals, ends the outage at its last down and reports the gap', () => {
    const state = restoreState({ lastResultAt: at(3), openOutage: { start: at(1), lastDownAt: at(3) }, latestFirst: [] });
    const step = detect(state, { at: at(10), status: 'up', reason: null }, { confirmAfter: 2, intervalMs: EVERY });
    expect(step.events).toEqual([
      { type: 'outage_closed', end: at(3), cause: 'gap' },
      { type: 'unmonitored', start: at(3), end: at(10) },
    ]);
  });

  it('counts the downs in a row that were not yet an outage', () => {
    const down = (n: number): Observation => ({ at: at(n), status: 'down', reason: `r${n}` });
    const state = restoreState({ lastResultAt: at(4), openOutage: null, latestFirst: [down(4), { at: at(3), status: 'up', reason: null }] });
    expect(state).toEqual({ lastResultAt: at(4), pending: { firstAt: at(4), count: 1, reason: 'r4' }, open: null });
    const step = detect(state, down(5), { confirmAfter: 2, intervalMs: EVERY });
    expect(step.events).toEqual([{ type: 'outage_opened', start: at(4), lastDownAt: at(5), reason: 'r4' }]);
  });

  it('treats a check never probed since a known start as silent from that start', () => {
    const state = restoreState({ lastResultAt: at(0), openOutage: null, latestFirst: [] });
    expect(detect(state, { at: at(9), status: 'up', reason: null }, { confirmAfter: 2, intervalMs: EVERY }).events).toEqual([
      { type: 'unmonitored', start: at(0), end: at(9) },
    ]);
  });
});
