import cron from 'node-cron';
import type { CheckConfig } from '../config/types.ts';

const CRON_SAMPLE_RUNS = 50;

/**
 * The interval a check is expected to report at: its `every`, or for a cron schedule the
 * longest gap between consecutive firings (so that a quiet night of an irregular schedule
 * is not mistaken for the daemon being down).
 */
export function nominalIntervalMs(check: Pick<CheckConfig, 'everyMs' | 'cron'>): number {
  if (check.everyMs !== null) return check.everyMs;
  const task = cron.createTask(check.cron!, () => undefined, { noOverlap: true });
  try {
    const runs = task.getNextRuns(CRON_SAMPLE_RUNS).map((d) => d.getTime());
    let longest = 0;
    for (let i = 1; i < runs.length; i++) longest = Math.max(longest, runs[i]! - runs[i - 1]!);
    return longest || 60_000;
  } finally {
    void task.destroy();
  }
}
