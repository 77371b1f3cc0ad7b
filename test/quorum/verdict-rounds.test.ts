import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DetectorEvent } from '../../src/outages/detector.ts';
import { locationView, WRITE_DELAY_MS, type LocationFacts } from '../../src/quorum/location-view.ts';
import { quorumVerdict } from '../../src/quorum/quorum-verdict.ts';
import { verdictEvents } from '../../src/quorum/verdict-events.ts';
import { normalize, type Interval } from '../../src/time/interval.ts';

const iv = (start: number, end: number): Interval => ({ start, end });

/** The outages a sequence of events leaves, an open one ending at `until`. */
function outagesOf(events: readonly DetectorEvent[], until: number): Interval[] {
  const out: Interval[] = [];
  let open: number | null = null;
  for (const event of events) {
    if (event.type === 'outage_opened') {
      expect(open).toBeNull();
      open = event.start;
    }
    if (event.type === 'outage_closed') {
      expect(open).not.toBeNull();
      out.push(iv(open!, event.end));
      open = null;
    }
    if (event.type === 'outage_continued') expect(open).not.toBeNull();
  }
  if (open !== null) out.push(iv(open, until));
  return out;
}

const timelines = fc.array(
  fc.record({
    down: fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 30 })), { maxLength: 4 }),
    observed: fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 60 })), { maxLength: 3 }),
  }),
  { minLength: 1, maxLength: 4 },
);
const asList = (pairs: [number, number][]) => normalize(pairs.map(([start, length]) => iv(start, start + length)));

describe('the quorum decided round by round', () => {
  it('gives the outages one decision over the whole time gives, whatever instants the rounds end at, each opened once', () => {
    fc.assert(
      fc.property(timelines, fc.integer({ min: 1, max: 4 }), fc.uniqueArray(fc.integer({ min: 1, max: 119 }), { maxLength: 6 }), (raw, quorum, cuts) => {
        const locations = raw.map((l) => ({ down: asList(l.down), observed: asList(l.observed) }));
        const whole = quorumVerdict(locations, quorum, iv(0, 120));
        const bounds = [0, ...cuts.sort((a, b) => a - b), 120];
        const events: DetectorEvent[] = [];
        let open = false;
        const unmonitored: Interval[] = [];
        for (let n = 1; n < bounds.length; n++) {
          const window = iv(bounds[n - 1]!, bounds[n]!);
          const verdict = quorumVerdict(locations, quorum, window);
          const step = verdictEvents(verdict, window, open, () => null);
          events.push(...step);
          unmonitored.push(...verdict.unmonitored);
          for (const event of step) {
            if (event.type === 'outage_opened') open = event.lastDownAt >= window.end;
            if (event.type === 'outage_closed') open = false;
          }
        }
        expect(outagesOf(events, 120)).toEqual(whole.down);
        expect(normalize(unmonitored)).toEqual(whole.unmonitored);
      }),
      { numRuns: 300 },
    );
  });

  it('ends an outage as a gap where the check becomes unmonitored, as a recovery otherwise', () => {
    const verdict = { down: [iv(0, 10), iv(20, 30)], unmonitored: [iv(30, 40)] };
    expect(verdictEvents(verdict, iv(0, 50), true, () => 'refused')).toEqual([
      { type: 'outage_closed', end: 10, cause: 'recovered' },
      { type: 'outage_opened', start: 20, lastDownAt: 30, reason: 'refused' },
      { type: 'outage_closed', end: 30, cause: 'gap' },
    ]);
    expect(verdictEvents({ down: [iv(5, 50)], unmonitored: [] }, iv(0, 50), true, () => null)).toEqual([
      { type: 'outage_closed', end: 0, cause: 'recovered' },
      { type: 'outage_opened', start: 5, lastDownAt: 50, reason: null },
    ]);
    expect(verdictEvents({ down: [iv(0, 50)], unmonitored: [] }, iv(0, 50), true, () => null)).toEqual([{ type: 'outage_continued', lastDownAt: 50 }]);
  });
});

describe("a location's timeline of a check", () => {
  const facts = (over: Partial<LocationFacts>): LocationFacts => ({ outages: [], gaps: [], firstAt: 0, lastAt: 100_000, latestDown: false, lastAnswerAt: 100_000, ...over });
  const INTERVAL = 10_000;

  it('is settled up to its latest result while it answers, and observed from its first result except its gaps', () => {
    const view = locationView(facts({ gaps: [iv(20_000, 50_000)] }), INTERVAL, 105_000);
    expect(view.settledUntil).toBe(100_000);
    expect(view.observed).toEqual([iv(0, 20_000), iv(50_000, Number.MAX_SAFE_INTEGER)]);
    expect(view.down).toEqual([]);
  });

  it('with downs not yet confirmed, is settled only up to its last answer: they may still become an outage from the first of them', () => {
    expect(locationView(facts({ latestDown: true, lastAnswerAt: 80_000 }), INTERVAL, 105_000).settledUntil).toBe(80_000);
    // A confirmed outage still open: its downs are known up to the latest result.
    const open = locationView(facts({ latestDown: true, lastAnswerAt: 80_000, outages: [{ start: 90_000, end: null, lastDownAt: 100_000 }] }), INTERVAL, 105_000);
    expect(open.settledUntil).toBe(100_000);
    expect(open.down).toEqual([iv(90_000, Number.MAX_SAFE_INTEGER)]);
  });

  it('silent longer than the gap rule and the write delay: a gap from its latest result, its open outage ended at its last down, settled up to now', () => {
    const quiet = 3 * INTERVAL + WRITE_DELAY_MS;
    const stillWaiting = locationView(facts({}), INTERVAL, 100_000 + quiet);
    expect(stillWaiting.settledUntil).toBe(100_000);
    const silent = locationView(facts({ latestDown: true, outages: [{ start: 90_000, end: null, lastDownAt: 100_000 }] }), INTERVAL, 100_001 + quiet);
    expect(silent.settledUntil).toBe(100_001 + quiet);
    expect(silent.observed).toEqual([iv(0, 100_000)]);
    expect(silent.down).toEqual([iv(90_000, 100_000)]);
    // Never probed: nothing observed, nothing to wait for.
    expect(locationView(facts({ firstAt: null, lastAt: null, lastAnswerAt: null }), INTERVAL, 5).observed).toEqual([]);
  });
});
