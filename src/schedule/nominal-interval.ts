import cron from 'node-cron';
import type { CheckConfig } from '../config/types.ts';

const CRON_SAMPLE_RUNS = 50;
// Enough consecutive firings to meet the closest pair of any expression whose closest pair can
// matter (a timeout is at most 1 h): a day of hourly slots, or years of sparse ones.
const CRON_SHORTEST_SAMPLE_RUNS = 200;

/** The gaps between the next `count` firings of a cron expression. */
function cronGaps(expression: string, count: number): number[] {
  const task = cron.createTask(expression, () => undefined, { noOverlap: true });
  try {
    const runs = task.getNextRuns(count).map((d) => d.getTime());
    return runs.slice(1).map((at, i) => at - runs[i]!);
  } finally {
    void task.destroy();
  }
}

/**
 * The interval a check is expected to report at: its `every`, or for a cron schedule the
 * longest gap between consecutive firings (so that a quiet night of an irregular schedule
 * is not mistaken for the daemon being down).
 */
export function nominalIntervalMs(check: Pick<CheckConfig, 'everyMs' | 'cron'>): number {
  if (check.everyMs !== null) return check.everyMs;
  return Math.max(0, ...cronGaps(check.cron!, CRON_SAMPLE_RUNS)) || 60_000;
}

/**
 * The shortest gap between consecutive firings of a cron expression, over its next 200
 * firings: a probe must end before the next one starts, so this is what its timeout must be
 * shorter than ("*\/5 * * * * *" and "0,5 9 * * *" are both 5 s or 5 min apart at their closest).
 */
export function shortestCronPeriodMs(expression: string): number {
  return Math.min(...cronGaps(expression, CRON_SHORTEST_SAMPLE_RUNS));
}
