import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { ExclusionReason } from '../sla/types.ts';
import type { AnyDialect } from '../store/any-dialect.ts';
import type { StoreTx } from '../store/store.ts';

// Exclusions of rule 6: a part of an outage excused for one of four reasons. Never deleted;
// revoking one keeps it, with who revoked it and why.

export interface Exclusion {
  readonly id: number;
  readonly outageId: number;
  readonly reason: ExclusionReason;
  readonly justification: string;
  readonly start: number;
  /** null: until the outage ends (an exclusion of an outage still open). */
  readonly end: number | null;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly revokedAt: number | null;
  readonly revokedBy: string | null;
  readonly revokeReason: string | null;
}

export async function insertExclusion(
  tx: StoreTx,
  input: { outageId: number; reason: ExclusionReason; justification: string; start: number; end: number | null; createdBy: string; createdAt: number },
): Promise<number> {
  const [row] = await tx.db.insert(tx.t.exclusions).values(input).returning({ id: tx.t.exclusions.id });
  return row!.id;
}

export async function findExclusion({ db, t }: AnyDialect, id: number): Promise<Exclusion | null> {
  const [row] = await db.select().from(t.exclusions).where(eq(t.exclusions.id, id));
  return row ?? null;
}

/** Revokes an exclusion; false when it already was (the first revocation stands). */
export async function markRevoked(tx: StoreTx, id: number, input: { at: number; by: string; reason: string }): Promise<boolean> {
  // The rows changed, from RETURNING: SQLite and PostgreSQL report a bare update's count differently.
  const revoked = await tx.db
    .update(tx.t.exclusions)
    .set({ revokedAt: input.at, revokedBy: input.by, revokeReason: input.reason })
    .where(and(eq(tx.t.exclusions.id, id), isNull(tx.t.exclusions.revokedAt)))
    .returning({ id: tx.t.exclusions.id });
  return revoked.length > 0;
}

/** The exclusions of these outages, revoked ones included, in id order. */
export async function exclusionsOf({ db, t }: AnyDialect, outageIds: readonly number[]): Promise<Exclusion[]> {
  if (outageIds.length === 0) return [];
  return db
    .select()
    .from(t.exclusions)
    .where(inArray(t.exclusions.outageId, [...outageIds]))
    .orderBy(asc(t.exclusions.id));
}
