import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalize, type Interval } from '../../src/time/interval.ts';
import { atLeast } from '../../src/quorum/at-least.ts';
import { impairedSpans, trustedObservation } from '../../src/quorum/impairment.ts';
import { defaultQuorum, quorumVerdict, type LocationTimeline } from '../../src/quorum/quorum-verdict.ts';

const iv = (start: number, end: number): Interval => ({ start, end });
const T = Date.parse('2026-11-02T14:00:00Z'); // a Monday, 09:00 in Toronto
const min = (m: number) => T + m * 60_000;

describe('atLeast', () => {
  it('keeps the instants covered by at least k lists', () => {
    const a = [iv(0, 10), iv(20, 30)];
    const b = [iv(5, 25)];
    const c = [iv(8, 9), iv(28, 40)];
    expect(atLeast([a, b, c], 1)).toEqual([iv(0, 40)]);
    expect(atLeast([a, b, c], 2)).toEqual([iv(5, 10), iv(20, 25), iv(28, 30)]);
    expect(atLeast([a, b, c], 3)).toEqual([iv(8, 9)]);
    expect(atLeast([a, b, c], 4)).toEqual([]);
  });

  it('does not split a run where one list hands over to another at the same instant', () => {
    expect(atLeast([[iv(0, 10)], [iv(10, 20)]], 1)).toEqual([iv(0, 20)]);
    expect(atLeast([[iv(0, 10), iv(10, 20)], [iv(0, 20)]], 2)).toEqual([iv(0, 20)]);
  });

  it('lists that only touch never cover an instant together, whatever their order: not even an empty run at the hand-over', () => {
    expect(atLeast([[iv(0, 10)], [iv(10, 20)]], 2)).toEqual([]);
    expect(atLeast([[iv(10, 20)], [iv(0, 10)]], 2)).toEqual([]);
    expect(atLeast([[iv(10, 20)], [iv(0, 10)], [iv(5, 15)]], 2)).toEqual([iv(5, 15)]);
  });

  it('refuses a k that is not a whole number of at least 1', () => {
    expect(() => atLeast([], 0)).toThrow(RangeError);
    expect(() => atLeast([], 1.5)).toThrow(RangeError);
  });
});

describe('quorumVerdict', () => {
  const window = iv(min(0), min(480));
  const watching = [window];

  it('one location down alone is not an outage when the quorum is two', () => {
    const locations: LocationTimeline[] = [
      { down: [iv(min(10), min(30))], observed: watching },
      { down: [], observed: watching },
    ];
    const verdict = quorumVerdict(locations, 2, window);
    expect(verdict.down).toEqual([]);
    expect(verdict.unmonitored).toEqual([]);
  });

  it('the outage starts when the quorum is reached and ends when it is lost', () => {
    const locations: LocationTimeline[] = [
      { down: [iv(min(10), min(40))], observed: watching },
      { down: [iv(min(12), min(35))], observed: watching },
      { down: [], observed: watching },
    ];
    expect(quorumVerdict(locations, 2, window).down).toEqual([iv(min(12), min(35))]);
  });

  it('a location counts as down only while it was observing', () => {
    const locations: LocationTimeline[] = [
      // Its outage runs on while it was impaired from minute 20: only [10, 20) is evidence.
      { down: [iv(min(10), min(60))], observed: [iv(min(0), min(20)), iv(min(50), min(480))] },
      { down: [iv(min(10), min(60))], observed: watching },
    ];
    const verdict = quorumVerdict(locations, 2, window);
    expect(verdict.down).toEqual([iv(min(10), min(20)), iv(min(50), min(60))]);
    expect(verdict.unmonitored).toEqual([iv(min(20), min(50))]);
  });

  it('time observed by fewer than the quorum is unmonitored, inside the window only', () => {
    const locations: LocationTimeline[] = [
      { down: [], observed: [iv(min(-60), min(100))] },
      { down: [], observed: [iv(min(50), min(600))] },
    ];
    const verdict = quorumVerdict(locations, 2, window);
    expect(verdict.observed).toEqual([iv(min(50), min(100))]);
    expect(verdict.unmonitored).toEqual([iv(min(0), min(50)), iv(min(100), min(480))]);
  });

  it('an empty window has nothing observed and nothing unmonitored', () => {
    const verdict = quorumVerdict([{ down: [iv(0, 10)], observed: [iv(0, 10)] }], 1, iv(5, 5));
    expect(verdict).toEqual({ down: [], observed: [], unmonitored: [] });
  });

  it('an inverted window has nothing observed and nothing unmonitored', () => {
    const verdict = quorumVerdict([{ down: [iv(0, 10)], observed: [iv(0, 10)] }], 1, iv(8, 2));
    expect(verdict).toEqual({ down: [], observed: [], unmonitored: [] });
  });

  it('refuses a quorum that is not a whole number of at least 1', () => {
    expect(() => quorumVerdict([], 0, window)).toThrow(RangeError);
  });
});

describe('defaultQuorum', () => {
  it('is at least half of the locations, and one for a single location', () => {
    expect([0, 1, 2, 3, 4, 5].map(defaultQuorum)).toEqual([1, 1, 1, 2, 2, 3]);
  });
});

describe('impairment', () => {
  it('a location whose every check is down at once is impaired for that time', () => {
    const impaired = impairedSpans({
      checksDown: [[iv(0, 50)], [iv(10, 60)], [iv(20, 40), iv(45, 70)]],
      minChecks: 2,
    });
    expect(impaired).toEqual([iv(20, 40), iv(45, 50)]);
  });

  it('one check down alone says nothing about the observer', () => {
    expect(impairedSpans({ checksDown: [[iv(0, 50)]], minChecks: 2 })).toEqual([]);
  });

  it('a failing reference check impairs the location', () => {
    const impaired = impairedSpans({ checksDown: [[iv(0, 5)], []], referenceDown: [iv(100, 200)], minChecks: 2 });
    expect(impaired).toEqual([iv(100, 200)]);
    expect(trustedObservation([iv(0, 1000)], impaired)).toEqual([iv(0, 100), iv(200, 1000)]);
  });

  it('refuses a threshold under two checks', () => {
    expect(() => impairedSpans({ checksDown: [], minChecks: 1 })).toThrow(RangeError);
  });
});

describe('agreement with an instant-by-instant model', () => {
  const list = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 15 })), { maxLength: 5 })
    .map((pairs) => normalize(pairs.map(([s, len]) => iv(s, s + len))));
  const has = (l: readonly Interval[], t: number) => l.some((i) => i.start <= t && t < i.end);
  const fromPoints = (points: boolean[]) =>
    normalize(points.flatMap((on, t) => (on ? [iv(t, t + 1)] : [])));

  it('quorumVerdict marks an instant down, observed or unmonitored exactly as counting locations does', () => {
    const location = fc.record({ down: list, observed: list });
    fc.assert(
      fc.property(
        fc.array(location, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        (locations, quorum, from, length) => {
          const window = iv(from, from + length);
          const verdict = quorumVerdict(locations, quorum, window);
          const ts = Array.from({ length: 80 }, (_, t) => t);
          const inWindow = (t: number) => t >= window.start && t < window.end;
          const observers = (t: number) => locations.filter((l) => has(l.observed, t)).length;
          const downers = (t: number) => locations.filter((l) => has(l.observed, t) && has(l.down, t)).length;
          expect(verdict.observed).toEqual(fromPoints(ts.map((t) => inWindow(t) && observers(t) >= quorum)));
          expect(verdict.down).toEqual(fromPoints(ts.map((t) => inWindow(t) && downers(t) >= quorum)));
          expect(verdict.unmonitored).toEqual(fromPoints(ts.map((t) => inWindow(t) && observers(t) < quorum)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('impairedSpans is every check down at once, or the reference down', () => {
    fc.assert(
      fc.property(fc.array(list, { maxLength: 4 }), fc.option(list, { nil: undefined }), (checksDown, referenceDown) => {
        const impaired = impairedSpans({ checksDown, referenceDown, minChecks: 2 });
        const ts = Array.from({ length: 80 }, (_, t) => t);
        const expected = ts.map(
          (t) => (checksDown.length >= 2 && checksDown.every((l) => has(l, t))) || (referenceDown !== undefined && has(referenceDown, t)),
        );
        expect(impaired).toEqual(fromPoints(expected));
      }),
      { numRuns: 500 },
    );
  });
});
