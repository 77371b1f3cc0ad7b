// The PostgreSQL twin of ../schema/certificates.ts, where each table is described.
import { bigint, pgTable, text } from 'drizzle-orm/pg-core';

export const checkCertificates = pgTable('check_certificates', {
  checkId: text('check_id').primaryKey(),
  notAfter: bigint('not_after', { mode: 'number' }).notNull(),
  checkedAt: bigint('checked_at', { mode: 'number' }).notNull(),
});
