import { and, inArray, lt, sql } from 'drizzle-orm';
import type { Store } from '../store/store.ts';

// One batch each of the probe history retention deletes: each its own short transaction, so
// the prober's writes wait for at most one batch. Each returns how many rows went.

/** Runs whose last result is before `cutoff` (found by their first: last_at has no index). */
export function pruneRunsBatch(store: Store, cutoff: number, batch: number): Promise<number> {
  const { t } = store;
  return store.transaction(
    async (tx) =>
      (
        await tx.db
          .delete(t.probeRuns)
          .where(inArray(t.probeRuns.id, tx.db.select({ id: t.probeRuns.id }).from(t.probeRuns).where(and(lt(t.probeRuns.firstAt, cutoff), lt(t.probeRuns.lastAt, cutoff))).limit(batch)))
          .returning({ id: t.probeRuns.id })
      ).length,
  );
}

/** Failures taken before `cutoff`. */
export function pruneFailuresBatch(store: Store, cutoff: number, batch: number): Promise<number> {
  const { t } = store;
  return store.transaction(
    async (tx) =>
      (
        await tx.db
          .delete(t.probeFailures)
          .where(inArray(t.probeFailures.id, tx.db.select({ id: t.probeFailures.id }).from(t.probeFailures).where(lt(t.probeFailures.at, cutoff)).limit(batch)))
          .returning({ id: t.probeFailures.id })
      ).length,
  );
}

/** Latency minutes before `cutoff` (their key is the check and the minute: both databases compare the pair). */
export function pruneMinutesBatch(store: Store, cutoff: number, batch: number): Promise<number> {
  const { t } = store;
  const minutes = t.probeLatencyMinutes;
  return store.transaction(
    async (tx) =>
      (
        await tx.db
          .delete(minutes)
          .where(sql`(${minutes.checkId}, ${minutes.minute}) IN (${tx.db.select({ checkId: minutes.checkId, minute: minutes.minute }).from(minutes).where(lt(minutes.minute, cutoff)).limit(batch)})`)
          .returning({ minute: minutes.minute })
      ).length,
  );
}
