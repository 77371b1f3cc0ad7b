import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Work that must be done by one process at a time (src/lease): one row per named lease. The
 * holder keeps it by renewing before `expires_at`; another takes it once that has passed. The
 * fencing number grows with each change of holder, so what a holder did carries the number it
 * held and a late write of a former holder can be told from the current one's. Never deleted:
 * a released lease keeps its number, and the next holder's is larger.
 */
export const leases = sqliteTable('leases', {
  name: text('name').primaryKey(),
  /** `host:pid:random`; null once released. */
  holder: text('holder'),
  fence: integer('fence').notNull(),
  /** When the current holder took it (epoch ms, on the lease's clock). */
  takenAt: integer('taken_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
});
