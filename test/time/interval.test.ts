import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clip, contains, intersect, measure, normalize, subtract, union, type Interval } from '../../src/time/interval.ts';

const iv = (start: number, end: number): Interval => ({ start, end });

describe('normalize', () => {
  it('sorts, merges overlapping and touching intervals, and drops empty or inverted ones', () => {
    expect(normalize([iv(10, 20), iv(0, 5), iv(5, 7), iv(15, 30), iv(40, 40), iv(50, 45)])).toEqual([iv(0, 7), iv(10, 30)]);
  });

  it('does not mutate its input', () => {
    const input = [iv(3, 4), iv(1, 3)];
    normalize(input);
    expect(input).toEqual([iv(3, 4), iv(1, 3)]);
  });
});

describe('set operations on normalized lists', () => {
  const a = [iv(0, 10), iv(20, 30), iv(40, 50)];
  const b = [iv(5, 25), iv(45, 60)];

  it('union merges both lists', () => {
    expect(union(a, b)).toEqual([iv(0, 30), iv(40, 60)]);
  });

  it('intersect keeps the instants in both', () => {
    expect(intersect(a, b)).toEqual([iv(5, 10), iv(20, 25), iv(45, 50)]);
  });

  it('subtract removes the instants of the second list, splitting where needed', () => {
    expect(subtract(a, b)).toEqual([iv(0, 5), iv(25, 30), iv(40, 45)]);
    expect(subtract([iv(0, 100)], [iv(10, 20), iv(30, 40)])).toEqual([iv(0, 10), iv(20, 30), iv(40, 100)]);
    expect(subtract([iv(0, 10), iv(12, 20)], [iv(-5, 50)])).toEqual([]);
  });

  it('is half-open: touching intervals do not intersect', () => {
    expect(intersect([iv(0, 10)], [iv(10, 20)])).toEqual([]);
    expect(subtract([iv(0, 10)], [iv(10, 20)])).toEqual([iv(0, 10)]);
  });

  it('clip restricts to a window; measure sums lengths', () => {
    expect(clip(a, iv(5, 45))).toEqual([iv(5, 10), iv(20, 30), iv(40, 45)]);
    expect(clip(a, iv(45, 45))).toEqual([]);
    expect(measure(a)).toBe(30);
    expect(measure([])).toBe(0);
  });

  it('contains tells whether an instant is in the list', () => {
    expect(contains(a, 0)).toBe(true);
    expect(contains(a, 10)).toBe(false);
    expect(contains(a, 29)).toBe(true);
    expect(contains(a, 35)).toBe(false);
  });
});

describe('agreement with a point-by-point model', () => {
  const list = fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 20 })), { maxLength: 8 })
    .map((pairs) => normalize(pairs.map(([s, len]) => iv(s, s + len))));
  const has = (l: Interval[], t: number) => l.some((i) => i.start <= t && t < i.end);
  const isNormalized = (l: Interval[]) => l.every((i, k) => i.start < i.end && (k === 0 || l[k - 1]!.end < i.start));

  it('union, intersect and subtract agree with set membership at every integer point', () => {
    fc.assert(
      fc.property(list, list, (a, b) => {
        const u = union(a, b);
        const n = intersect(a, b);
        const d = subtract(a, b);
        for (const l of [u, n, d]) expect(isNormalized(l)).toBe(true);
        for (let t = -1; t <= 85; t++) {
          expect(has(u, t)).toBe(has(a, t) || has(b, t));
          expect(has(n, t)).toBe(has(a, t) && has(b, t));
          expect(has(d, t)).toBe(has(a, t) && !has(b, t));
        }
      }),
    );
  });
});
