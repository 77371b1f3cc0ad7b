import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** API tokens; only a SHA-256 hash of the secret is stored. */
export const tokens = sqliteTable('tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  role: text('role', { enum: ['viewer', 'sre', 'admin'] }).notNull(),
  hash: text('hash').notNull().unique(),
  createdAt: integer('created_at').notNull(),
  revokedAt: integer('revoked_at'),
});

/** Every write, with who did it and what it changed (rule 9). */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target'),
    details: text('details', { mode: 'json' }),
  },
  (t) => [index('audit_log_at').on(t.at)],
);

/** One row while a daemon owns the database file; a second daemon refuses to start. */
export const daemonLock = sqliteTable('daemon_lock', {
  id: integer('id').primaryKey(),
  pid: integer('pid').notNull(),
  host: text('host').notNull(),
  startedAt: integer('started_at').notNull(),
  heartbeatAt: integer('heartbeat_at').notNull(),
  /** The location whose every check the daemon probes; null when it does not probe (`--no-probe`), and `veille probe` may then run beside it. */
  probing: text('probing'),
});
