import { and, inArray, lt, sql } from 'drizzle-orm';
import type { Store } from '../store/store.ts';
import { deleteBatch } from './delete-batch.ts';

// One batch each of the probe history retention deletes. Each returns how many rows went.

/** Runs whose last result is before `cutoff` (found by their first: last_at has no index). */
export function pruneRunsBatch(store: Store, cutoff: number, batch: number): Promise<number> {
  const runs = store.t.probeRuns;
  return deleteBatch(store, runs, runs.id, (tx) =>
    inArray(runs.id, tx.db.select({ id: runs.id }).from(runs).where(and(lt(runs.firstAt, cutoff), lt(runs.lastAt, cutoff))).limit(batch)),
  );
}

/** Failures taken before `cutoff`. */
export function pruneFailuresBatch(store: Store, cutoff: number, batch: number): Promise<number> {
  const failures = store.t.probeFailures;
  return deleteBatch(store, failures, failures.id, (tx) => inArray(failures.id, tx.db.select({ id: failures.id }).from(failures).where(lt(failures.at, cutoff)).limit(batch)));
}

/**
 * Latency minutes before `cutoff`, named by their whole key, the check, location and minute (both
 * databases compare the triple): the same minute of the check at another location is another row,
 * which a key without the location would delete beside it, past the batch's bound.
 */
export function pruneMinutesBatch(store: Store, cutoff: number, batch: number): Promise<number> {
  const minutes = store.t.probeLatencyMinutes;
  return deleteBatch(
    store,
    minutes,
    minutes.minute,
    (tx) =>
      sql`(${minutes.checkId}, ${minutes.location}, ${minutes.minute}) IN (${tx.db
        .select({ checkId: minutes.checkId, location: minutes.location, minute: minutes.minute })
        .from(minutes)
        .where(lt(minutes.minute, cutoff))
        .limit(batch)})`,
  );
}
