import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// What the prober observed. All instants are epoch milliseconds.

/** When the daemon first saw each environment: the default `slaStart` (rule 7). */
export const environmentsSeen = sqliteTable('environments_seen', {
  envId: text('env_id').primaryKey(),
  firstSeenAt: integer('first_seen_at').notNull(),
});

export const probeResults = sqliteTable(
  'probe_results',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    checkId: text('check_id').notNull(),
    envId: text('env_id').notNull(),
    at: integer('at').notNull(),
    status: text('status', { enum: ['up', 'degraded', 'down'] }).notNull(),
    latencyMs: integer('latency_ms'),
    reason: text('reason'),
  },
  (t) => [index('probe_results_check_at').on(t.checkId, t.at), index('probe_results_at').on(t.at)],
);

/** Maximal intervals during which a check was down (rule 4); `end` null while open. */
export const outages = sqliteTable(
  'outages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    checkId: text('check_id').notNull(),
    envId: text('env_id').notNull(),
    start: integer('start').notNull(),
    end: integer('end'),
    lastDownAt: integer('last_down_at'),
    source: text('source', { enum: ['probe', 'manual'] }).notNull(),
    reason: text('reason'),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
    closedReason: text('closed_reason'),
  },
  (t) => [index('outages_env_start').on(t.envId, t.start), index('outages_check_end').on(t.checkId, t.end)],
);

/** Spans with no result for longer than 3 intervals: neither up nor down (rule 4, gaps). */
export const unmonitoredSpans = sqliteTable(
  'unmonitored_spans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    checkId: text('check_id').notNull(),
    envId: text('env_id').notNull(),
    start: integer('start').notNull(),
    end: integer('end').notNull(),
  },
  (t) => [index('unmonitored_env_start').on(t.envId, t.start)],
);
