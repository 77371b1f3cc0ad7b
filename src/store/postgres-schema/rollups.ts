// The PostgreSQL twin of ../schema/rollups.ts, where each table is described.
import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

export const dailyRollups = pgTable(
  'daily_rollups',
  {
    checkId: text('check_id').notNull(),
    envId: text('env_id').notNull(),
    day: text('day').notNull(),
    dayStart: bigint('day_start', { mode: 'number' }).notNull(),
    dayEnd: bigint('day_end', { mode: 'number' }).notNull(),
    upCount: bigint('up_count', { mode: 'number' }).notNull(),
    degradedCount: bigint('degraded_count', { mode: 'number' }).notNull(),
    downCount: bigint('down_count', { mode: 'number' }).notNull(),
    downtimeMs: bigint('downtime_ms', { mode: 'number' }).notNull(),
    latencyP50Ms: bigint('latency_p50_ms', { mode: 'number' }),
    latencyP95Ms: bigint('latency_p95_ms', { mode: 'number' }),
    latencyP99Ms: bigint('latency_p99_ms', { mode: 'number' }),
    latencyMaxMs: bigint('latency_max_ms', { mode: 'number' }),
    computedAt: bigint('computed_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.checkId, t.day] })],
);
