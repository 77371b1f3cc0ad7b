import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Actor } from '../../auth/roles.ts';
import type { AnyDialect } from '../../store/any-dialect.ts';
import type { StoreTx } from '../../store/store.ts';

// Browser sessions of the management pages. Chosen over a signed cookie because a session row
// can be ended: sign-out deletes it, and revoking the token ends every session made with it
// (the role is read through the token at each request). Only the cookie's SHA-256 is stored.

export const SESSION_MS = 8 * 3_600_000;

export interface Session {
  readonly actor: Actor;
  readonly csrf: string;
  readonly expiresAt: number;
}

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** A new session, in the caller's transaction (with the audit entry of the sign-in). */
export async function createSession(tx: StoreTx, tokenId: number, now: number): Promise<{ secret: string; csrf: string; expiresAt: number }> {
  const secret = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  const expiresAt = now + SESSION_MS;
  // Expired sessions are cleared as new ones are made: the table stays small without a job.
  await tx.db.delete(tx.t.sessions).where(lt(tx.t.sessions.expiresAt, now));
  await tx.db.insert(tx.t.sessions).values({ hash: hash(secret), tokenId, csrf, createdAt: now, expiresAt });
  return { secret, csrf, expiresAt };
}

/** The live session of a cookie: not expired, its token not revoked. */
export async function findSession({ db, t }: AnyDialect, secret: string, now: number): Promise<Session | null> {
  const [row] = await db
    .select({ csrf: t.sessions.csrf, expiresAt: t.sessions.expiresAt, tokenId: t.tokens.id, name: t.tokens.name, role: t.tokens.role })
    .from(t.sessions)
    .innerJoin(t.tokens, eq(t.tokens.id, t.sessions.tokenId))
    .where(and(eq(t.sessions.hash, hash(secret)), gt(t.sessions.expiresAt, now), isNull(t.tokens.revokedAt)));
  return row ? { actor: { tokenId: row.tokenId, name: row.name, role: row.role }, csrf: row.csrf, expiresAt: row.expiresAt } : null;
}

export async function deleteSession(tx: StoreTx, secret: string): Promise<void> {
  await tx.db.delete(tx.t.sessions).where(eq(tx.t.sessions.hash, hash(secret)));
}
