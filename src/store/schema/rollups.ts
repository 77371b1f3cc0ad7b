import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * One row per check and local day (in the default calendar's zone), kept for ever: what the
 * raw probe results of that day said, so they can be deleted after the retention period.
 */
export const dailyRollups = sqliteTable(
  'daily_rollups',
  {
    checkId: text('check_id').notNull(),
    envId: text('env_id').notNull(),
    /** Local date `YYYY-MM-DD` in the default calendar's zone. */
    day: text('day').notNull(),
    dayStart: integer('day_start').notNull(),
    dayEnd: integer('day_end').notNull(),
    upCount: integer('up_count').notNull(),
    degradedCount: integer('degraded_count').notNull(),
    downCount: integer('down_count').notNull(),
    /** Time inside the day covered by this check's probe outages. */
    downtimeMs: integer('downtime_ms').notNull(),
    /** Latency percentiles of the answered probes (up and degraded); null when none answered. */
    latencyP50Ms: integer('latency_p50_ms'),
    latencyP95Ms: integer('latency_p95_ms'),
    latencyP99Ms: integer('latency_p99_ms'),
    latencyMaxMs: integer('latency_max_ms'),
    computedAt: integer('computed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.checkId, t.day] })],
);
