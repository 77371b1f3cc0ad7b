import { and, asc, eq, gt, inArray, isNull, lt, or } from 'drizzle-orm';
import type { AnyDialect, Tables } from '../store/any-dialect.ts';
import type { StoreTx } from '../store/store.ts';

// Outages of checks (rule 4), observed by the prober or recorded by hand. Rows are mapped to
// domain values here; instants stay epoch ms.

export type OutageSource = 'probe' | 'manual';

export interface Outage {
  readonly id: number;
  readonly checkId: string;
  readonly envId: string;
  readonly start: number;
  /** null while the outage is open. */
  readonly end: number | null;
  readonly lastDownAt: number | null;
  readonly source: OutageSource;
  readonly reason: string | null;
  readonly createdBy: string | null;
  readonly createdAt: number;
  readonly closedReason: string | null;
}

/**
 * The team is told of an outage opened or closed, probe or manual (src/notify/events.ts), in the
 * transaction that wrote it; `closedBy` names who ended a manual one. The hooks never reject.
 * Absent: nobody is told.
 */
export interface OutageNotices {
  outageOpened(tx: StoreTx, event: { outageId: number }, now: number): Promise<void>;
  outageClosed(tx: StoreTx, event: { outageId: number; closedBy?: string }, now: number): Promise<void>;
}

export interface NewOutage {
  readonly checkId: string;
  readonly envId: string;
  readonly start: number;
  readonly end: number | null;
  readonly lastDownAt?: number | null;
  readonly source: OutageSource;
  readonly reason: string | null;
  readonly createdBy: string | null;
  readonly createdAt: number;
}

export async function insertOutage(tx: StoreTx, outage: NewOutage): Promise<number> {
  const [row] = await tx.db
    .insert(tx.t.outages)
    .values({ ...outage, lastDownAt: outage.lastDownAt ?? null })
    .returning({ id: tx.t.outages.id });
  return row!.id;
}

export async function findOutage({ db, t }: AnyDialect, id: number): Promise<Outage | null> {
  const [row] = await db.select().from(t.outages).where(eq(t.outages.id, id));
  return row ?? null;
}

/** Ends an open outage; false when it was already closed. */
export async function closeOutage(tx: StoreTx, id: number, input: { end: number; closedReason: string | null }): Promise<boolean> {
  // The rows changed, from RETURNING: SQLite and PostgreSQL report a bare update's count differently.
  const closed = await tx.db
    .update(tx.t.outages)
    .set(input)
    .where(and(eq(tx.t.outages.id, id), isNull(tx.t.outages.end)))
    .returning({ id: tx.t.outages.id });
  return closed.length > 0;
}

export interface OutageQuery {
  readonly checkIds?: readonly string[] | undefined;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly after?: { start: number; id: number } | undefined;
  readonly limit?: number | undefined;
}

/**
 * Outages of the given checks (all when omitted) that overlap [from, to), oldest first (by start,
 * then id). `after` and `limit` page through them: those after that (start, id), at most limit.
 */
export async function outagesBetween({ db, t }: AnyDialect, query: OutageQuery): Promise<Outage[]> {
  if (query.checkIds && query.checkIds.length === 0) return [];
  const conditions = outageConditions(t, query);
  const found = db
    .select()
    .from(t.outages)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(t.outages.start), asc(t.outages.id));
  return query.limit === undefined ? found : found.limit(query.limit);
}

function outageConditions({ outages }: Tables, query: OutageQuery) {
  const after = query.after;
  return [
    ...(after ? [or(gt(outages.start, after.start), and(eq(outages.start, after.start), gt(outages.id, after.id)))!] : []),
    ...(query.checkIds ? [inArray(outages.checkId, [...query.checkIds])] : []),
    ...(query.to !== undefined ? [lt(outages.start, query.to)] : []),
    ...(query.from !== undefined ? [or(isNull(outages.end), gt(outages.end, query.from))!] : []),
  ];
}
