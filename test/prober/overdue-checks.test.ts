import { describe, expect, it } from 'vitest';
import { CheckStarts, OVERDUE_FLOOR_MS } from '../../src/prober/overdue-checks.ts';
import { LagWindow } from '../../src/prober/lag-window.ts';

// What /healthz reads of the prober's schedule: the check most overdue, and the lag of recent starts.

describe('the check most overdue', () => {
  const intervals = new Map([
    ['fast', 10_000],
    ['slow', 60_000],
  ]);

  it('is none while every check started within its interval, counting the prober start as a start', () => {
    const starts = new CheckStarts(intervals, 1_000);
    expect(starts.mostOverdue(11_000)).toBeNull();
    starts.started('fast', 11_000);
    expect(starts.mostOverdue(21_000)).toBeNull();
  });

  it('is the latest check while none is beyond its allowance, with its allowance (two intervals, at least the floor)', () => {
    const starts = new CheckStarts(intervals, 0);
    expect(starts.mostOverdue(70_000)).toEqual({ checkId: 'fast', lateMs: 60_000, allowedMs: 20_000, beyondAllowance: true });
    starts.started('fast', 65_000);
    expect(starts.mostOverdue(80_000)).toEqual({ checkId: 'slow', lateMs: 20_000, allowedMs: 120_000, beyondAllowance: false });
    expect(starts.mostOverdue(76_000)).toEqual({ checkId: 'slow', lateMs: 16_000, allowedMs: 120_000, beyondAllowance: false });
    // The floor: a check of 5 s may be 15 s late, not only 10.
    expect(new CheckStarts(new Map([['quick', 5_000]]), 0).mostOverdue(17_000)).toEqual({ checkId: 'quick', lateMs: 12_000, allowedMs: OVERDUE_FLOOR_MS, beyondAllowance: false });
  });

  it('puts a check beyond its allowance before a later one still within its own', () => {
    const starts = new CheckStarts(intervals, 0);
    starts.started('fast', 100_000);
    starts.started('slow', 0);
    // slow: 150 s late of 120 s allowed; fast: 21 s late of 20 s allowed. Both beyond: the later wins.
    expect(starts.mostOverdue(210_000 + 1_000)).toMatchObject({ checkId: 'slow', beyondAllowance: true });
    const other = new CheckStarts(intervals, 0);
    other.started('slow', 100_000);
    // slow: 60 s late, within 120 s; fast: 90 s late, beyond 20 s.
    expect(other.mostOverdue(100_000)).toMatchObject({ checkId: 'fast', lateMs: 90_000, beyondAllowance: true });
  });

  it('ignores a check it was not given', () => {
    const starts = new CheckStarts(intervals, 0);
    starts.started('unknown', 0);
    expect(starts.mostOverdue(5_000)).toBeNull();
  });
});

describe('the lag window', () => {
  it('summarizes the lags of the starts within the window, by nearest rank', () => {
    const lags = new LagWindow(8);
    lags.record(0, 500);
    for (let i = 1; i <= 4; i++) lags.record(10_000 + i, i * 10);
    expect(lags.summary(10_010, 5_000)).toEqual({ count: 4, p50: 20, p99: 40, max: 40 });
    expect(lags.summary(10_010, 60_000)).toEqual({ count: 5, p50: 30, p99: 500, max: 500 });
    expect(new LagWindow(4).summary(0, 1_000)).toEqual({ count: 0, p50: null, p99: null, max: null });
  });

  it('counts an early start as no lag, and keeps only its capacity of the latest starts', () => {
    const lags = new LagWindow(3);
    lags.record(1, -20);
    for (const lag of [7, 5, 9]) lags.record(2, lag);
    expect(lags.summary(2, 10)).toEqual({ count: 3, p50: 7, p99: 9, max: 9 });
    lags.record(3, -1);
    expect(lags.summary(3, 10)).toEqual({ count: 3, p50: 5, p99: 9, max: 9 });
  });
});
