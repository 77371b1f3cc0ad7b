import { and, inArray, isNotNull, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Config } from '../config/types.ts';
import { chunks } from '../prober/postgres-history-rows.ts';
import type { AnyDialect } from '../store/any-dialect.ts';
import type { Store } from '../store/store.ts';
import { deleteBatch } from './delete-batch.ts';

// Retention of what each location concluded on its own (docs/locations.md, "Retention"): a
// location's outage or gap is evidence behind its check's own record, kept as long as that
// record when it stands behind it, else as long as the results it summarizes. Each batch is its
// own short transaction (deleteBatch); each returns how many rows went.

/** What the pass needs of the configuration: which checks exist, which are references. */
export interface LocationRetention {
  /** Results older than this are gone: a location's word that made nothing of its check's record goes with them. */
  readonly cutoff: number;
  /** Up to 1,000 checks the configuration no longer has (nothing is left to decide for them); empty: only configured checks' decided rows go. */
  readonly removed: readonly string[];
  /** Reference checks: their location outages made the location impaired, for every check it probes. */
  readonly references: readonly string[];
}

/**
 * The location rows that may go: ended (an open outage of a check no longer configured ends at
 * its last down) before the cutoff, decided (ended by the check's quorum progress, or the check
 * is gone), and overlapping none of the check's outages or unmonitored spans.
 */
function prunable({ t }: AnyDialect, table: AnyDialect['t']['locationOutages'] | AnyDialect['t']['locationGaps'], end: SQL, kept: SQL | undefined, { cutoff, removed }: LocationRetention): SQL {
  const { outages: o, unmonitoredSpans: u, quorumProgress: p } = t;
  const decided = and(isNotNull(table.end), sql`exists (select 1 from ${p} where ${p.checkId} = ${table.checkId} and ${table.end} <= ${p.decidedUntil})`)!;
  return and(
    lt(end, cutoff),
    removed.length ? or(decided, inArray(table.checkId, [...removed])) : decided,
    kept,
    // By environment first: the outages' and spans' indexes lead with it.
    sql`not exists (select 1 from ${o} where ${o.envId} = ${table.envId} and ${o.checkId} = ${table.checkId} and ${o.start} < ${end} and (${o.end} is null or ${o.end} > ${table.start}))`,
    sql`not exists (select 1 from ${u} where ${u.envId} = ${table.envId} and ${u.checkId} = ${table.checkId} and ${u.start} < ${end} and ${u.end} > ${table.start})`,
  )!;
}

/** A batch of location outages that may go (a reference check's are kept: see LocationRetention). */
export function pruneLocationOutagesBatch(store: Store, retention: LocationRetention, batch: number): Promise<number> {
  const lo = store.t.locationOutages;
  const where = prunable(store, lo, sql`coalesce(${lo.end}, ${lo.lastDownAt})`, retention.references.length ? notInArray(lo.checkId, [...retention.references]) : undefined, retention);
  return deleteBatch(store, lo, lo.id, (tx) => inArray(lo.id, tx.db.select({ id: lo.id }).from(lo).where(where).limit(batch)));
}

/** A batch of location gaps that may go. */
export function pruneLocationGapsBatch(store: Store, retention: LocationRetention, batch: number): Promise<number> {
  const g = store.t.locationGaps;
  const where = prunable(store, g, sql`${g.end}`, undefined, retention);
  return deleteBatch(store, g, g.id, (tx) => inArray(g.id, tx.db.select({ id: g.id }).from(g).where(where).limit(batch)));
}

/**
 * The quorum progress of checks no longer configured, once nothing of them is left that the
 * quorum could read again (no location outage, gap or result): while anything is, the progress
 * keeps a check added back under the same id from deciding that time a second time.
 */
export async function pruneRemovedProgress(store: Store, removed: readonly string[]): Promise<number> {
  const { quorumProgress: p, locationOutages: lo, locationGaps: g, probeRuns: r } = store.t;
  let deleted = 0;
  for (const ids of chunks(removed)) {
    deleted += await deleteBatch(store, p, p.checkId, () =>
      and(
        inArray(p.checkId, ids),
        sql`not exists (select 1 from ${lo} where ${lo.checkId} = ${p.checkId})`,
        sql`not exists (select 1 from ${g} where ${g.checkId} = ${p.checkId})`,
        sql`not exists (select 1 from ${r} where ${r.checkId} = ${p.checkId})`,
      ),
    );
  }
  return deleted;
}

/** The checks with location rows or quorum progress that the configuration no longer has. */
export async function removedLocationChecks({ db, t }: AnyDialect, config: Config): Promise<string[]> {
  const configured = new Set(config.environments.flatMap((environment) => environment.checks.map((check) => check.id)));
  const known = new Set<string>();
  for (const table of [t.quorumProgress, t.locationOutages, t.locationGaps]) {
    for (const row of await db.selectDistinct({ checkId: table.checkId }).from(table)) known.add(row.checkId);
  }
  return [...known].filter((id) => !configured.has(id)).sort();
}

/** The configuration's reference checks. */
export function referenceChecks(config: Config): string[] {
  return config.environments.flatMap((environment) => environment.checks.filter((check) => check.reference).map((check) => check.id));
}
