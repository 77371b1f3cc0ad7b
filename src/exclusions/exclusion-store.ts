import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { ExclusionReason } from '../sla/types.ts';
import type { Db } from '../store/database.ts';
import { exclusions } from '../store/schema/index.ts';

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

export function insertExclusion(
  db: Db,
  input: { outageId: number; reason: ExclusionReason; justification: string; start: number; end: number | null; createdBy: string; createdAt: number },
): number {
  return db.insert(exclusions).values(input).returning({ id: exclusions.id }).get().id;
}

export function findExclusion(db: Db, id: number): Exclusion | null {
  return db.select().from(exclusions).where(eq(exclusions.id, id)).get() ?? null;
}

/** Revokes an exclusion; false when it already was (the first revocation stands). */
export function markRevoked(db: Db, id: number, input: { at: number; by: string; reason: string }): boolean {
  return (
    db
      .update(exclusions)
      .set({ revokedAt: input.at, revokedBy: input.by, revokeReason: input.reason })
      .where(and(eq(exclusions.id, id), isNull(exclusions.revokedAt)))
      .run().changes > 0
  );
}

export function exclusionsOf(db: Db, outageIds: readonly number[]): Exclusion[] {
  if (outageIds.length === 0) return [];
  return db
    .select()
    .from(exclusions)
    .where(inArray(exclusions.outageId, [...outageIds]))
    .orderBy(asc(exclusions.id))
    .all();
}
