// Durations in the configuration: a number and a unit, read exactly and written back shortest.
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/time/duration.ts';

describe('parseDuration', () => {
  it.each([
    ['800ms', 800],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['2d', 172_800_000],
    ['0ms', 0],
    ['1.5s', 1_500],
    ['0.5h', 1_800_000],
    ['  10m  ', 600_000],
  ])('reads "%s" as %i ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it.each(['10', 'm', '10 m', '10M', '10min', '-5s', '1.s', '.5s', 'x10s', '10sx', '1e3ms', '', '1,5s'])('refuses "%s", naming the forms', (text) => {
    expect(parseDuration(text)).toEqual({ ok: false, message: `"${text}" is not a duration; write a number and a unit: 800ms, 30s, 5m, 1h or 2d` });
  });

  it('refuses a fraction of a millisecond', () => {
    expect(parseDuration('1.5ms')).toEqual({ ok: false, message: '"1.5ms" is not a whole number of milliseconds' });
    expect(parseDuration('0.0001s')).toEqual({ ok: false, message: '"0.0001s" is not a whole number of milliseconds' });
    expect(parseDuration('0.001s')).toEqual({ ok: true, ms: 1 });
  });
});

describe('formatDuration', () => {
  it.each([
    [172_800_000, '2d'],
    [86_400_000, '1d'],
    [90_000_000, '25h'],
    [3_600_000, '1h'],
    [5_400_000, '90m'],
    [60_000, '1m'],
    [90_000, '90s'],
    [1_000, '1s'],
    [1_500, '1500ms'],
    [999, '999ms'],
    [1, '1ms'],
    [0, '0ms'],
  ])('writes %i ms as "%s"', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('writes back what it reads', () => {
    for (const text of ['2d', '25h', '90m', '45s', '800ms']) {
      const parsed = parseDuration(text);
      expect(parsed.ok && formatDuration(parsed.ms)).toBe(text);
    }
  });
});
