// The PostgreSQL twin of ../schema/sessions.ts, where each table is described.
import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';
import { tokens } from './access.ts';

export const sessions = pgTable(
  'sessions',
  {
    hash: text('hash').primaryKey(),
    tokenId: bigint('token_id', { mode: 'number' }).notNull().references(() => tokens.id),
    csrf: text('csrf').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('sessions_expires').on(t.expiresAt)],
);
