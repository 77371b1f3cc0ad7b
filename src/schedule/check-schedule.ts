import type { CheckConfig } from '../config/types.ts';
import { startCronSchedule } from './cron-schedule.ts';
import { startIntervalSchedule, type OnDue, type RunningSchedule } from './interval-schedule.ts';
import { realTimers, type Timers } from './timers.ts';

/**
 * Runs every check on its schedule: fixed intervals on one timer heap, cron expressions on
 * node-cron. `onDue(checkId, dueAt)` is called at each turn; what runs then is the caller's.
 */
export function scheduleChecks(
  checks: readonly CheckConfig[],
  onDue: OnDue,
  options: { timeZone: string; timers?: Timers },
): RunningSchedule {
  const timers = options.timers ?? realTimers;
  const intervals = startIntervalSchedule(
    checks.filter((check) => check.everyMs !== null).map((check) => ({ id: check.id, everyMs: check.everyMs! })),
    onDue,
    timers,
  );
  const crons = startCronSchedule(
    checks.filter((check) => check.everyMs === null && check.cron !== null).map((check) => ({ id: check.id, cron: check.cron! })),
    onDue,
    timers,
    options.timeZone,
  );
  return {
    stop() {
      intervals.stop();
      crons.stop();
    },
    get missed() {
      return intervals.missed + crons.missed;
    },
  };
}
