import type { Interval } from '../time/interval.ts';

// Rule 4, gaps: "no result for longer than 3 intervals" is unmonitored, never downtime.
export const GAP_INTERVALS = 3;

/**
 * The gap still open at `now`: from the last thing known about a check (its last result, or
 * the start of the SLA if it was never probed) to now, when that is longer than 3 intervals.
 */
export function openGap(input: { lastResultAt: number | null; since: number | null; intervalMs: number; now: number }): Interval | null {
  const from = input.lastResultAt ?? input.since;
  if (from === null || input.now - from <= GAP_INTERVALS * input.intervalMs) return null;
  return { start: from, end: input.now };
}
