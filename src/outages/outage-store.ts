import { and, asc, eq, gt, inArray, isNull, lt, or } from 'drizzle-orm';
import type { AnyDialect } from '../store/any-dialect.ts';
import type { Db } from '../store/database.ts';
import { outages } from '../store/schema/index.ts';

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

export function insertOutage(db: Db, outage: NewOutage): number {
  return db
    .insert(outages)
    .values({ ...outage, lastDownAt: outage.lastDownAt ?? null })
    .returning({ id: outages.id })
    .get().id;
}

export async function findOutage({ db, t }: AnyDialect, id: number): Promise<Outage | null> {
  const [row] = await db.select().from(t.outages).where(eq(t.outages.id, id));
  return row ?? null;
}

/** findOutage inside the better-sqlite3 transaction of a writer not yet moved to the store (manual outages). */
export function findOutageSync(db: Db, id: number): Outage | null {
  return db.select().from(outages).where(eq(outages.id, id)).get() ?? null;
}

/** Ends an open outage; false when it was already closed. */
export function closeOutage(db: Db, id: number, input: { end: number; closedReason: string | null }): boolean {
  return db.update(outages).set(input).where(and(eq(outages.id, id), isNull(outages.end))).run().changes > 0;
}

/**
 * Outages of the given checks (all when omitted) that overlap [from, to), oldest first (by start,
 * then id). `after` and `limit` page through them: those after that (start, id), at most limit.
 */
export function outagesBetween(
  db: Db,
  query: { checkIds?: readonly string[]; from?: number; to?: number; after?: { start: number; id: number }; limit?: number },
): Outage[] {
  if (query.checkIds && query.checkIds.length === 0) return [];
  const after = query.after;
  const conditions = [
    ...(after ? [or(gt(outages.start, after.start), and(eq(outages.start, after.start), gt(outages.id, after.id)))!] : []),
    ...(query.checkIds ? [inArray(outages.checkId, [...query.checkIds])] : []),
    ...(query.to !== undefined ? [lt(outages.start, query.to)] : []),
    ...(query.from !== undefined ? [or(isNull(outages.end), gt(outages.end, query.from))!] : []),
  ];
  return db
    .select()
    .from(outages)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(outages.start), asc(outages.id))
    .limit(query.limit ?? -1)
    .all();
}
