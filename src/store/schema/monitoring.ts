import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// What the prober observed. All instants are epoch milliseconds.

/** When the daemon first saw each environment: the default `slaStart` (rule 7). */
export const environmentsSeen = sqliteTable('environments_seen', {
  envId: text('env_id').primaryKey(),
  firstSeenAt: integer('first_seen_at').notNull(),
});

/**
 * Results kept as runs: one row per check per maximal stretch of results with the same status
 * and reason, extended in place while it lasts (first and last instant, how many, latency
 * min/max/sum over the results that have one, for a mean: sum / count). A mostly-up check costs a row a day instead of one per probe.
 * A check's latest run at a location is its highest id there (one probe of a check at a time per
 * location: its results come in order). Each location's results are its own runs, indexed by check and location (the latest runs
 * of every check at every location are read in one pass of that index). The run in progress is updated at every result, so no index holds a column that changes.
 */
export const probeRuns = sqliteTable(
  'probe_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    checkId: text('check_id').notNull(),
    envId: text('env_id').notNull(),
    /** The location that probed (docs/locations.md); `default` without configured locations. */
    location: text('location').notNull().default('default'),
    status: text('status', { enum: ['up', 'degraded', 'down'] }).notNull(),
    reason: text('reason'),
    firstAt: integer('first_at').notNull(),
    lastAt: integer('last_at').notNull(),
    count: integer('count').notNull(),
    latencyMinMs: integer('latency_min_ms'),
    latencyMaxMs: integer('latency_max_ms'),
    latencySumMs: integer('latency_sum_ms'),
    /** The latency of the result at `last_at`: the latest reading shows it. */
    lastLatencyMs: integer('last_latency_ms'),
  },
  (t) => [index('probe_runs_check').on(t.checkId, t.location), index('probe_runs_first').on(t.firstAt)],
);

/** Every down result on its own: outages, blips and their reasons are derived from these. */
export const probeFailures = sqliteTable(
  'probe_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    checkId: text('check_id').notNull(),
    envId: text('env_id').notNull(),
    location: text('location').notNull().default('default'),
    at: integer('at').notNull(),
    latencyMs: integer('latency_ms'),
    reason: text('reason'),
  },
  (t) => [index('probe_failures_check_at').on(t.checkId, t.at), index('probe_failures_at').on(t.at)],
);

/**
 * Answers (up and degraded results) per check per location per minute: how many of each, the nearest-rank
 * latency percentiles (null for a minute whose answers have no latency), and the latencies themselves (a JSON array, ascending) so that a day's
 * percentiles are exact. Kept `retention.latencyMinutesDays` days (the migration makes the table
 * WITHOUT ROWID: the key is the row).
 */
export const probeLatencyMinutes = sqliteTable(
  'probe_latency_minutes',
  {
    checkId: text('check_id').notNull(),
    location: text('location').notNull().default('default'),
    /** The minute's first instant (epoch ms, a multiple of 60,000). */
    minute: integer('minute').notNull(),
    up: integer('up').notNull(),
    degraded: integer('degraded').notNull(),
    p50Ms: integer('p50_ms'),
    p95Ms: integer('p95_ms'),
    p99Ms: integer('p99_ms'),
    maxMs: integer('max_ms'),
    latencies: text('latencies').notNull(),
  },
  (t) => [primaryKey({ columns: [t.checkId, t.location, t.minute] }), index('probe_latency_minutes_minute').on(t.minute)],
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

/**
 * What each location concluded on its own (docs/locations.md), when locations are configured:
 * rule 4 applied to that location's results alone. The quorum job (src/quorum/quorum-job.ts)
 * reads these and writes the check's outages and unmonitored spans. Without configured
 * locations the one implicit location's outages are the check's (outages, unmonitored_spans).
 */
export const locationOutages = sqliteTable(
  'location_outages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    location: text('location').notNull(),
    checkId: text('check_id').notNull(),
    envId: text('env_id').notNull(),
    /** The first failure (rule 4). */
    start: integer('start').notNull(),
    /** null while open. */
    end: integer('end'),
    lastDownAt: integer('last_down_at').notNull(),
    reason: text('reason'),
    closedReason: text('closed_reason', { enum: ['recovered', 'gap'] }),
  },
  (t) => [index('location_outages_check').on(t.checkId, t.location, t.start)],
);

/** A location's gaps of observation of a check (no result for longer than 3 intervals). */
export const locationGaps = sqliteTable(
  'location_gaps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    location: text('location').notNull(),
    checkId: text('check_id').notNull(),
    envId: text('env_id').notNull(),
    start: integer('start').notNull(),
    end: integer('end').notNull(),
  },
  (t) => [index('location_gaps_check').on(t.checkId, t.location, t.start)],
);

/**
 * How far the quorum job has decided each check: its outages and unmonitored spans before
 * `decided_until` are written and final. Advanced in the transaction that writes them, under
 * the job's lease, so a restart or a new holder carries on from there and never writes twice.
 */
export const quorumProgress = sqliteTable('quorum_progress', {
  checkId: text('check_id').primaryKey(),
  decidedUntil: integer('decided_until').notNull(),
});
