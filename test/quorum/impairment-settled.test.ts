import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allDownSettledUntil } from '../../src/quorum/impairment.ts';
import { contains, normalize, type Interval } from '../../src/time/interval.ts';

// Up to when "every check of a location down at once" can no longer change, against a model
// that tries every instant: before the instant returned, each instant is settled for every
// check, or settled for one check that was not down then.

const iv = (start: number, end: number): Interval => ({ start, end });

const checks = fc.array(
  fc.record({
    down: fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 30 })), { maxLength: 3 }).map((pairs) => normalize(pairs.map(([start, length]) => iv(start, start + length)))),
    settledUntil: fc.integer({ min: 0, max: 120 }),
  }),
  { minLength: 1, maxLength: 5 },
);

/** Whether every check's word on "down at x" is final, or one final word says not down. */
const settledAt = (views: readonly { down: Interval[]; settledUntil: number }[], x: number) =>
  views.every((view) => x < view.settledUntil) || views.some((view) => x < view.settledUntil && !contains(view.down, x));

describe("a location's impairment, settled", () => {
  it('is settled up to the instant returned and not at it, never before every check is settled', () => {
    fc.assert(
      fc.property(checks, (views) => {
        const until = allDownSettledUntil(views);
        const earliest = Math.min(...views.map((view) => view.settledUntil));
        expect(until).toBeGreaterThanOrEqual(earliest);
        for (let x = earliest; x < until; x++) expect(settledAt(views, x)).toBe(true);
        if (until < 150) expect(settledAt(views, until)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('one check slow to report holds it back only while no other is known up', () => {
    const slow = { down: [], settledUntil: 10 };
    expect(allDownSettledUntil([slow, { down: [], settledUntil: 50 }])).toBe(50);
    expect(allDownSettledUntil([slow, { down: [iv(30, 40)], settledUntil: 50 }])).toBe(30);
    // Down itself where the slow one is not yet known: not settled there.
    expect(allDownSettledUntil([slow, { down: [iv(5, 12)], settledUntil: 50 }])).toBe(10);
    expect(allDownSettledUntil([])).toBe(Number.MAX_SAFE_INTEGER);
  });
});
