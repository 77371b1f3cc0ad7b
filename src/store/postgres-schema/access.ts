// The PostgreSQL twin of ../schema/access.ts, where each table is described.
import { bigint, index, json, pgTable, text } from 'drizzle-orm/pg-core';

export const tokens = pgTable('tokens', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  name: text('name').notNull(),
  role: text('role', { enum: ['viewer', 'sre', 'admin'] }).notNull(),
  hash: text('hash').notNull().unique(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  revokedAt: bigint('revoked_at', { mode: 'number' }),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    at: bigint('at', { mode: 'number' }).notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target'),
    details: json('details'),
  },
  (t) => [index('audit_log_at').on(t.at)],
);

export const daemonLock = pgTable('daemon_lock', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  pid: bigint('pid', { mode: 'number' }).notNull(),
  host: text('host').notNull(),
  startedAt: bigint('started_at', { mode: 'number' }).notNull(),
  heartbeatAt: bigint('heartbeat_at', { mode: 'number' }).notNull(),
  probing: text('probing'),
});
