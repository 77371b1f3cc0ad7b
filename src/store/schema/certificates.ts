import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The TLS certificate each https check last presented: one row per check, rewritten only when
 * the certificate changes (a renewal), so probing does not write it every interval.
 */
export const checkCertificates = sqliteTable('check_certificates', {
  checkId: text('check_id').primaryKey(),
  /** The certificate's notAfter, epoch ms. */
  notAfter: integer('not_after').notNull(),
  /** When a probe first presented this certificate. */
  checkedAt: integer('checked_at').notNull(),
});
