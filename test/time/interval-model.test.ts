// normalize, contains, clip and measure against a point-by-point model, on lists in any order.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clip, contains, measure, normalize, type Interval } from '../../src/time/interval.ts';

const iv = (start: number, end: number): Interval => ({ start, end });
const has = (list: readonly Interval[], t: number) => list.some((i) => i.start <= t && t < i.end);
const isNormalized = (list: readonly Interval[]) => list.every((i, k) => i.start < i.end && (k === 0 || list[k - 1]!.end < i.start));
// Any intervals, in any order, some empty or inverted.
const anyList = fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: -5, max: 20 })), { maxLength: 8 }).map((pairs) => pairs.map(([s, len]) => iv(s, s + len)));

describe('normalize', () => {
  it('keeps exactly the instants of its input, as a sorted list of disjoint, non-touching intervals', () => {
    fc.assert(
      fc.property(anyList, (list) => {
        const normalized = normalize(list);
        expect(isNormalized(normalized)).toBe(true);
        for (let t = -1; t <= 85; t++) expect(has(normalized, t)).toBe(has(list, t));
      }),
    );
  });

  it('merges intervals with one start whatever their order, and leaves a sorted list as it is', () => {
    expect(normalize([iv(0, 5), iv(0, 10), iv(0, 3)])).toEqual([iv(0, 10)]);
    expect(normalize([iv(20, 30), iv(0, 10), iv(0, 5)])).toEqual([iv(0, 10), iv(20, 30)]);
    expect(normalize([iv(0, 10), iv(2, 4), iv(10, 12)])).toEqual([iv(0, 12)]);
    expect(normalize([])).toEqual([]);
  });

  it('returns new intervals: changing the result leaves the input as it was', () => {
    const input = [iv(0, 5), iv(10, 20)];
    const result = normalize(input);
    result[0]!.end = 99;
    expect(input).toEqual([iv(0, 5), iv(10, 20)]);
  });
});

describe('contains', () => {
  it('agrees with the model at every integer instant, starts included and ends excluded', () => {
    fc.assert(
      fc.property(anyList, (list) => {
        const normalized = normalize(list);
        for (let t = -1; t <= 85; t++) expect(contains(normalized, t)).toBe(has(normalized, t));
      }),
    );
  });

  it('on lists of one and two intervals, at their edges', () => {
    expect(contains([], 0)).toBe(false);
    expect([4, 5, 9, 10].map((t) => contains([iv(5, 10)], t))).toEqual([false, true, true, false]);
    expect([0, 9, 10, 19, 20, 29, 30].map((t) => contains([iv(0, 10), iv(20, 30)], t))).toEqual([true, true, false, false, true, true, false]);
  });
});

describe('clip and measure', () => {
  it('clip keeps the part inside the window; an empty or inverted window keeps nothing', () => {
    const list = [iv(0, 10), iv(20, 30)];
    expect(clip(list, iv(5, 25))).toEqual([iv(5, 10), iv(20, 25)]);
    expect(clip(list, iv(25, 5))).toEqual([]);
    expect(clip(list, iv(5, 5))).toEqual([]);
  });

  it('measure adds the lengths', () => {
    expect(measure([iv(0, 10), iv(20, 25)])).toBe(15);
    expect(measure([iv(-10, -4)])).toBe(6);
  });
});
