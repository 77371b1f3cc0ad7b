import type { Calendars } from '../config/calendars.ts';
import type { Config } from '../config/types.ts';
import type { OpenDatabase } from '../store/database.ts';
import { localDayOf } from './local-day.ts';
import { daysToRollUp, rollUpDay } from './rollups.ts';

const DAY_MS = 86_400_000;
const DELETE_BATCH = 5_000;
// Not at the very start: the daemon's first minute belongs to restoring state and probing.
const FIRST_RUN_AFTER_MS = 60_000;

export interface RetentionDeps {
  readonly database: OpenDatabase;
  readonly config: Config;
  readonly calendars: Calendars;
  readonly clock: () => number;
}

export interface RetentionRun {
  readonly rolledUp: number;
  readonly deleted: number;
}

/** Lets the prober and the HTTP server run between two slices of the work. */
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Rolls every configured check's complete days (local days of the default calendar) into
 * daily_rollups, then deletes raw results older than `retention.rawResultsDays` — never one
 * from a day not yet rolled up. Both in small slices: each day of each check, then batches of
 * 5,000 rows, each its own short transaction, with the event loop free in between.
 */
export async function runRetention(deps: RetentionDeps, shouldStop: () => boolean = () => false): Promise<RetentionRun> {
  const now = deps.clock();
  const timeZone = deps.calendars.default.timeZone;
  let rolledUp = 0;
  for (const environment of deps.config.environments) {
    for (const check of environment.checks) {
      for (const day of daysToRollUp(deps.database, check, timeZone, now)) {
        if (shouldStop()) return { rolledUp, deleted: 0 };
        rollUpDay(deps.database, check, day, now);
        rolledUp++;
        await yieldToOthers();
      }
    }
  }

  const cutoff = Math.min(now - deps.config.retention.rawResultsDays * DAY_MS, localDayOf(now, timeZone).start);
  const remove = deps.database.sqlite.prepare('DELETE FROM probe_results WHERE id IN (SELECT id FROM probe_results WHERE at < ? LIMIT ?)');
  let deleted = 0;
  for (;;) {
    if (shouldStop()) break;
    const { changes } = remove.run(cutoff, DELETE_BATCH);
    deleted += changes;
    if (changes < DELETE_BATCH) break;
    await yieldToOthers();
  }
  return { rolledUp, deleted };
}

export interface RunningRetention {
  stop(): void;
}

/** Runs retention a minute after start, then once a day. */
export function startRetention(deps: RetentionDeps): RunningRetention {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const cycle = () => {
    runRetention(deps, () => stopped)
      .catch((error: unknown) => console.error('retention:', error))
      .finally(() => {
        if (!stopped) {
          timer = setTimeout(cycle, DAY_MS);
          timer.unref();
        }
      });
  };
  timer = setTimeout(cycle, FIRST_RUN_AFTER_MS);
  timer.unref();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
