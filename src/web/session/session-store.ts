import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Actor } from '../../auth/roles.ts';
import type { Db } from '../../store/database.ts';
import { sessions, tokens } from '../../store/schema/index.ts';

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

export function createSession(db: Db, tokenId: number, now: number): { secret: string; csrf: string; expiresAt: number } {
  const secret = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  const expiresAt = now + SESSION_MS;
  db.transaction((tx) => {
    // Expired sessions are cleared as new ones are made: the table stays small without a job.
    tx.delete(sessions).where(lt(sessions.expiresAt, now)).run();
    tx.insert(sessions).values({ hash: hash(secret), tokenId, csrf, createdAt: now, expiresAt }).run();
  });
  return { secret, csrf, expiresAt };
}

/** The live session of a cookie: not expired, its token not revoked. */
export function findSession(db: Db, secret: string, now: number): Session | null {
  const row = db
    .select({ csrf: sessions.csrf, expiresAt: sessions.expiresAt, tokenId: tokens.id, name: tokens.name, role: tokens.role })
    .from(sessions)
    .innerJoin(tokens, eq(tokens.id, sessions.tokenId))
    .where(and(eq(sessions.hash, hash(secret)), gt(sessions.expiresAt, now), isNull(tokens.revokedAt)))
    .get();
  return row ? { actor: { tokenId: row.tokenId, name: row.name, role: row.role }, csrf: row.csrf, expiresAt: row.expiresAt } : null;
}

export function deleteSession(db: Db, secret: string): void {
  db.delete(sessions).where(eq(sessions.hash, hash(secret))).run();
}
