// The PostgreSQL twin of ../schema/monitoring.ts, where each table is described.
import { bigint, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

export const environmentsSeen = pgTable('environments_seen', {
  envId: text('env_id').primaryKey(),
  firstSeenAt: bigint('first_seen_at', { mode: 'number' }).notNull(),
});

export const probeRuns = pgTable(
  'probe_runs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    checkId: text('check_id').notNull(),
    envId: text('env_id').notNull(),
    location: text('location').notNull().default('default'),
    status: text('status', { enum: ['up', 'degraded', 'down'] }).notNull(),
    reason: text('reason'),
    firstAt: bigint('first_at', { mode: 'number' }).notNull(),
    lastAt: bigint('last_at', { mode: 'number' }).notNull(),
    count: bigint('count', { mode: 'number' }).notNull(),
    latencyMinMs: bigint('latency_min_ms', { mode: 'number' }),
    latencyMaxMs: bigint('latency_max_ms', { mode: 'number' }),
    latencySumMs: bigint('latency_sum_ms', { mode: 'number' }),
    lastLatencyMs: bigint('last_latency_ms', { mode: 'number' }),
  },
  (t) => [index('probe_runs_check').on(t.checkId, t.location), index('probe_runs_first').on(t.firstAt)],
);

export const probeFailures = pgTable(
  'probe_failures',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    checkId: text('check_id').notNull(),
    envId: text('env_id').notNull(),
    location: text('location').notNull().default('default'),
    at: bigint('at', { mode: 'number' }).notNull(),
    latencyMs: bigint('latency_ms', { mode: 'number' }),
    reason: text('reason'),
  },
  (t) => [index('probe_failures_check_at').on(t.checkId, t.at), index('probe_failures_at').on(t.at)],
);

export const probeLatencyMinutes = pgTable(
  'probe_latency_minutes',
  {
    checkId: text('check_id').notNull(),
    location: text('location').notNull().default('default'),
    minute: bigint('minute', { mode: 'number' }).notNull(),
    up: bigint('up', { mode: 'number' }).notNull(),
    degraded: bigint('degraded', { mode: 'number' }).notNull(),
    p50Ms: bigint('p50_ms', { mode: 'number' }),
    p95Ms: bigint('p95_ms', { mode: 'number' }),
    p99Ms: bigint('p99_ms', { mode: 'number' }),
    maxMs: bigint('max_ms', { mode: 'number' }),
    latencies: text('latencies').notNull(),
  },
  (t) => [primaryKey({ columns: [t.checkId, t.location, t.minute] }), index('probe_latency_minutes_minute').on(t.minute)],
);

export const outages = pgTable(
  'outages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    checkId: text('check_id').notNull(),
    envId: text('env_id').notNull(),
    start: bigint('start', { mode: 'number' }).notNull(),
    end: bigint('end', { mode: 'number' }),
    lastDownAt: bigint('last_down_at', { mode: 'number' }),
    source: text('source', { enum: ['probe', 'manual'] }).notNull(),
    reason: text('reason'),
    createdBy: text('created_by'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    closedReason: text('closed_reason'),
  },
  (t) => [index('outages_env_start').on(t.envId, t.start), index('outages_check_end').on(t.checkId, t.end)],
);

export const unmonitoredSpans = pgTable(
  'unmonitored_spans',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    checkId: text('check_id').notNull(),
    envId: text('env_id').notNull(),
    start: bigint('start', { mode: 'number' }).notNull(),
    end: bigint('end', { mode: 'number' }).notNull(),
  },
  (t) => [index('unmonitored_env_start').on(t.envId, t.start)],
);

export const locationOutages = pgTable(
  'location_outages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    location: text('location').notNull(),
    checkId: text('check_id').notNull(),
    envId: text('env_id').notNull(),
    start: bigint('start', { mode: 'number' }).notNull(),
    end: bigint('end', { mode: 'number' }),
    lastDownAt: bigint('last_down_at', { mode: 'number' }).notNull(),
    reason: text('reason'),
    closedReason: text('closed_reason', { enum: ['recovered', 'gap'] }),
  },
  (t) => [index('location_outages_check').on(t.checkId, t.location, t.start)],
);

export const locationGaps = pgTable(
  'location_gaps',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    location: text('location').notNull(),
    checkId: text('check_id').notNull(),
    envId: text('env_id').notNull(),
    start: bigint('start', { mode: 'number' }).notNull(),
    end: bigint('end', { mode: 'number' }).notNull(),
  },
  (t) => [index('location_gaps_check').on(t.checkId, t.location, t.start)],
);

export const quorumProgress = pgTable('quorum_progress', {
  checkId: text('check_id').primaryKey(),
  decidedUntil: bigint('decided_until', { mode: 'number' }).notNull(),
});
