import { buildCalendars, type Calendars } from '../config/calendars.ts';
import type { Config } from '../config/types.ts';
import type { Store } from '../store/store.ts';
import { localDayOf } from './local-day.ts';
import { pruneFailuresBatch, pruneMinutesBatch, pruneRunsBatch } from './prune-history.ts';
import { pruneLocationGapsBatch, pruneLocationOutagesBatch, pruneRemovedProgress, referenceChecks, removedLocationChecks } from './prune-locations.ts';
import { chunks } from '../prober/postgres-history-rows.ts';
import { EVENT_RETENTION_DAYS, pruneDeliveriesBatch, pruneEventsBatch } from './prune-notifications.ts';
import { pruneSessionsBatch } from './prune-sessions.ts';
import { daysToRollUp, rollUpDay, rollupStarts } from './rollups.ts';

const DAY_MS = 86_400_000;
const DELETE_BATCH = 5_000;
const CHECKS_PER_SLICE = 500;
// Not at the very start: the daemon's first minute belongs to restoring state and probing.
const FIRST_RUN_AFTER_MS = 60_000;

export interface RetentionDeps {
  readonly store: Store;
  readonly config: Config;
  readonly calendars: Calendars;
  readonly clock: () => number;
}

export interface RetentionRun {
  readonly rolledUp: number;
  /** Probe history rows deleted: runs and failures past `rawResultsDays`, latency minutes past `latencyMinutesDays`. */
  readonly deleted: number;
  /** Location outages and gaps deleted (behind nothing of their check's record, past `rawResultsDays`), and the quorum progress of checks gone with them. */
  readonly locations: number;
  /** Sent or failed notification outbox rows deleted. */
  readonly deliveries: number;
  /** Notification events deleted (see EVENT_RETENTION_DAYS). */
  readonly events: number;
  /** Expired browser sessions deleted. */
  readonly sessions: number;
}

/** Lets the prober and the HTTP server run between two slices of the work. */
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Rolls every configured check's complete days (local days of the default calendar) into
 * daily_rollups, then deletes runs and failures older than `retention.rawResultsDays` and latency
 * minutes older than `retention.latencyMinutesDays` — never one from a day not yet rolled up — then the
 * locations' outages and gaps that stand behind nothing of their check's record and are older
 * than the results, with the quorum progress of checks gone with them, then sent or failed notification deliveries older than the same
 * period (never a pending one), notification events that can no longer deduplicate anything, and
 * expired browser sessions. All in small slices: each day of each check, then batches of 5,000
 * rows, each its own short transaction, with the event loop free in between. Written once for
 * SQLite and PostgreSQL; run by one process at a time, under the retention lease.
 */
export async function runRetention(deps: RetentionDeps, shouldStop: () => boolean = () => false): Promise<RetentionRun> {
  const now = deps.clock();
  const timeZone = deps.calendars.default.timeZone;
  const run = { rolledUp: 0, deleted: 0, locations: 0, deliveries: 0, events: 0, sessions: 0 };
  const checks = deps.config.environments.flatMap((environment) => environment.checks);
  // Where each check resumes is asked for a slice of checks at a time: with tens of thousands
  // of checks and nothing to roll up, a query per check would hold the pass for seconds.
  for (let from = 0; from < checks.length; from += CHECKS_PER_SLICE) {
    if (shouldStop()) return run;
    const slice = checks.slice(from, from + CHECKS_PER_SLICE);
    const starts = await rollupStarts(deps.store, slice.map((check) => check.id));
    for (const check of slice) {
      for (const day of daysToRollUp(starts.get(check.id)!, timeZone, now)) {
        if (shouldStop()) return run;
        await rollUpDay(deps.store, check, day, now);
        run.rolledUp++;
        await yieldToOthers();
      }
    }
    await yieldToOthers();
  }

  const rawCutoff = now - deps.config.retention.rawResultsDays * DAY_MS;
  const today = localDayOf(now, timeZone).start;
  const resultCutoff = Math.min(rawCutoff, today);
  const minuteCutoff = Math.min(now - deps.config.retention.latencyMinutesDays * DAY_MS, today);
  const { store } = deps;
  run.deleted = await inBatches(() => pruneRunsBatch(store, resultCutoff, DELETE_BATCH), shouldStop);
  run.deleted += await inBatches(() => pruneFailuresBatch(store, resultCutoff, DELETE_BATCH), shouldStop);
  run.deleted += await inBatches(() => pruneMinutesBatch(store, minuteCutoff, DELETE_BATCH), shouldStop);
  // The locations' timelines after the results they summarize (docs/locations.md, "Retention").
  const removed = await removedLocationChecks(store, deps.config);
  const references = referenceChecks(deps.config);
  for (const ids of removed.length ? chunks(removed) : [[]]) {
    const retention = { cutoff: resultCutoff, removed: ids, references };
    run.locations += await inBatches(() => pruneLocationOutagesBatch(store, retention, DELETE_BATCH), shouldStop);
    run.locations += await inBatches(() => pruneLocationGapsBatch(store, retention, DELETE_BATCH), shouldStop);
  }
  if (!shouldStop()) run.locations += await pruneRemovedProgress(store, removed);
  run.deliveries = await inBatches(() => pruneDeliveriesBatch(store, rawCutoff, DELETE_BATCH), shouldStop);
  const eventCutoff = now - EVENT_RETENTION_DAYS * DAY_MS;
  run.events = await inBatches(() => pruneEventsBatch(store, eventCutoff, DELETE_BATCH), shouldStop);
  run.sessions = await inBatches(() => pruneSessionsBatch(store, now, DELETE_BATCH), shouldStop);
  return run;
}

/** Runs one batch deletion until a batch comes back short, yielding between batches; the total deleted. */
async function inBatches(deleteBatch: () => Promise<number>, shouldStop: () => boolean): Promise<number> {
  let total = 0;
  for (;;) {
    if (shouldStop()) return total;
    const changes = await deleteBatch();
    total += changes;
    if (changes < DELETE_BATCH) return total;
    await yieldToOthers();
  }
}

export interface RunningRetention {
  /** Stops the schedule and waits for a pass in progress to finish its current slice. */
  stop(): Promise<void>;
}

export interface RetentionServiceDeps {
  readonly store: Store;
  /** The configuration in force when a pass starts (the daemon may load a new one meanwhile). */
  readonly config: () => Config;
  readonly clock: () => number;
}

/**
 * Runs retention a minute after start, then once a day. A daemon service of its own: the
 * database stays small whether or not this daemon probes.
 */
export function startRetention(service: RetentionServiceDeps): RunningRetention {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  const cycle = () => {
    running = Promise.resolve()
      .then(() => {
        const config = service.config();
        return runRetention({ store: service.store, config, calendars: buildCalendars(config), clock: service.clock }, () => stopped);
      })
      .then(() => undefined)
      .catch((error: unknown) => console.error('retention:', error))
      .finally(() => {
        running = null;
        if (!stopped) {
          timer = setTimeout(cycle, DAY_MS);
          timer.unref();
        }
      });
  };
  timer = setTimeout(cycle, FIRST_RUN_AFTER_MS);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      // The daemon closes the database after its services: a slice must not start after that.
      await running;
    },
  };
}
