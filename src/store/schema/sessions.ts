import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { tokens } from './access.ts';

/**
 * Browser sessions of the management pages: a token exchanged once at sign-in for a random
 * cookie. Only the cookie's SHA-256 is stored (a copy of the database opens no session), and
 * each session carries its own CSRF token. Rows are deleted at sign-out; the token's role is
 * read through the token, so revoking the token ends its sessions at once.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    hash: text('hash').primaryKey(),
    tokenId: integer('token_id').notNull().references(() => tokens.id),
    csrf: text('csrf').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_expires').on(t.expiresAt)],
);
