// What the quorum code refuses, and the message that names the bad value.
import { describe, expect, it } from 'vitest';
import { atLeast } from '../../src/quorum/at-least.ts';
import { impairedSpans } from '../../src/quorum/impairment.ts';
import { quorumVerdict } from '../../src/quorum/quorum-verdict.ts';

describe('bad thresholds are refused, naming the value', () => {
  it('atLeast needs a whole k of at least 1', () => {
    for (const k of [0, -1, 1.5, Number.NaN]) expect(() => atLeast([[{ start: 0, end: 10 }]], k)).toThrow(`atLeast needs a whole k of at least 1, got ${k}`);
    expect(atLeast([[{ start: 0, end: 10 }]], 1)).toEqual([{ start: 0, end: 10 }]);
  });

  it('a quorum must be a whole number of at least 1', () => {
    for (const quorum of [0, 2.5]) {
      expect(() => quorumVerdict([], quorum, { start: 0, end: 10 })).toThrow(`quorum must be a whole number of at least 1, got ${quorum}`);
    }
    expect(quorumVerdict([], 1, { start: 0, end: 10 })).toEqual({ down: [], observed: [], unmonitored: [{ start: 0, end: 10 }] });
  });

  it('impairment needs at least two checks failing together', () => {
    for (const minChecks of [1, 0, 2.5]) {
      expect(() => impairedSpans({ checksDown: [], minChecks })).toThrow(`impairedSpans needs minChecks of at least 2, got ${minChecks}`);
    }
    expect(impairedSpans({ checksDown: [[{ start: 0, end: 10 }], [{ start: 5, end: 20 }]], minChecks: 2 })).toEqual([{ start: 5, end: 10 }]);
  });

  it('impairment needs as many checks as the threshold before every one down means the observer', () => {
    const down = [{ start: 0, end: 10 }];
    expect(impairedSpans({ checksDown: [down, down], minChecks: 3 })).toEqual([]);
    expect(impairedSpans({ checksDown: [down, down, down], minChecks: 3 })).toEqual(down);
  });
});
