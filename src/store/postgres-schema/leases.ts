// The PostgreSQL twin of ../schema/leases.ts, where the table is described.
import { bigint, pgTable, text } from 'drizzle-orm/pg-core';

export const leases = pgTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder'),
  fence: bigint('fence', { mode: 'number' }).notNull(),
  takenAt: bigint('taken_at', { mode: 'number' }).notNull(),
  expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
});
