import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../store/database.ts';
import { tokens } from '../store/schema/index.ts';
import type { Actor, Role } from './roles.ts';

// The secret is shown once; only its SHA-256 is stored, so a copy of the database grants nothing.
export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function createToken(db: Db, input: { role: Role; name: string; now: number }): { id: number; secret: string } {
  const secret = `veille_${randomBytes(24).toString('base64url')}`;
  const row = db
    .insert(tokens)
    .values({ name: input.name, role: input.role, hash: hashToken(secret), createdAt: input.now })
    .returning({ id: tokens.id })
    .get();
  return { id: row.id, secret };
}

export function findActor(db: Db, secret: string): Actor | null {
  const row = db
    .select({ id: tokens.id, name: tokens.name, role: tokens.role })
    .from(tokens)
    .where(and(eq(tokens.hash, hashToken(secret)), isNull(tokens.revokedAt)))
    .get();
  return row ? { tokenId: row.id, name: row.name, role: row.role } : null;
}

export function listTokens(db: Db) {
  return db.select({ id: tokens.id, name: tokens.name, role: tokens.role, createdAt: tokens.createdAt, revokedAt: tokens.revokedAt }).from(tokens).all();
}

export function revokeToken(db: Db, id: number, now: number): boolean {
  return db.update(tokens).set({ revokedAt: now }).where(and(eq(tokens.id, id), isNull(tokens.revokedAt))).run().changes > 0;
}
