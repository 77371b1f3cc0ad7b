import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { AnyDialect } from '../store/any-dialect.ts';
import type { StoreTx } from '../store/store.ts';
import type { Actor, Role } from './roles.ts';

// The secret is shown once; only its SHA-256 is stored, so a copy of the database grants nothing.
export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A new token's secret and the row that stores it. */
export function newToken(input: { role: Role; name: string; now: number }) {
  const secret = `veille_${randomBytes(24).toString('base64url')}`;
  return { secret, row: { name: input.name, role: input.role, hash: hashToken(secret), createdAt: input.now } };
}

export async function createToken(tx: StoreTx, input: { role: Role; name: string; now: number }): Promise<{ id: number; secret: string }> {
  const { secret, row } = newToken(input);
  const [created] = await tx.db.insert(tx.t.tokens).values(row).returning({ id: tx.t.tokens.id });
  return { id: created!.id, secret };
}

/** Who holds a secret; null when no token has it, or it was revoked. */
export async function findActor({ db, t }: AnyDialect, secret: string): Promise<Actor | null> {
  const [row] = await db
    .select({ id: t.tokens.id, name: t.tokens.name, role: t.tokens.role })
    .from(t.tokens)
    .where(and(eq(t.tokens.hash, hashToken(secret)), isNull(t.tokens.revokedAt)));
  return row ? { tokenId: row.id, name: row.name, role: row.role } : null;
}

/** Every token, revoked ones included, in id order. */
export async function listTokens({ db, t }: AnyDialect) {
  return db
    .select({ id: t.tokens.id, name: t.tokens.name, role: t.tokens.role, createdAt: t.tokens.createdAt, revokedAt: t.tokens.revokedAt })
    .from(t.tokens)
    .orderBy(asc(t.tokens.id));
}

/** Revokes a token; false when there is none of that id or it was revoked already (the first revocation stands). */
export async function revokeToken(tx: StoreTx, id: number, now: number): Promise<boolean> {
  const revoked = await tx.db
    .update(tx.t.tokens)
    .set({ revokedAt: now })
    .where(and(eq(tx.t.tokens.id, id), isNull(tx.t.tokens.revokedAt)))
    .returning({ id: tx.t.tokens.id });
  return revoked.length > 0;
}
