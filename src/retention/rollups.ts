import { and, eq, gt, inArray, isNull, lt, max, min, or, sql } from 'drizzle-orm';
import type { CheckConfig } from '../config/types.ts';
import { GAP_INTERVALS } from '../reports/monitoring-gaps.ts';
import { nominalIntervalMs } from '../schedule/nominal-interval.ts';
import type { AnyDialect } from '../store/any-dialect.ts';
import type { Store } from '../store/store.ts';
import { summarizeDay } from './day-summary.ts';
import { resultsBetween } from './day-results.ts';
import { localDayAfter, localDayNamed, localDayOf, type LocalDay } from './local-day.ts';

/** Where each check's rolling up resumes: its last rolled-up day, else the instant of its first result kept. */
export interface RollupStart {
  readonly lastDay: string | null;
  readonly firstResultAt: number | null;
}

/**
 * Where rolling up resumes for each of `checkIds`, in two queries for all of them: a pass asks
 * it of every check, and a query per check costs a round trip each to a server (on SQLite,
 * preparing the statement cost more than running it). Keep `checkIds` to a few hundred: one
 * IN list, well under either database's limit on parameters.
 */
export async function rollupStarts({ db, t }: AnyDialect, checkIds: readonly string[]): Promise<Map<string, RollupStart>> {
  const starts = new Map<string, RollupStart>(checkIds.map((id) => [id, { lastDay: null, firstResultAt: null }]));
  if (checkIds.length === 0) return starts;
  const ids = [...checkIds];
  const lastDays = await db
    .select({ checkId: t.dailyRollups.checkId, day: max(t.dailyRollups.day) })
    .from(t.dailyRollups)
    .where(inArray(t.dailyRollups.checkId, ids))
    .groupBy(t.dailyRollups.checkId);
  // A check's first run kept is its lowest id (a check's results come in order).
  const firstRuns = db.select({ id: min(t.probeRuns.id) }).from(t.probeRuns).where(inArray(t.probeRuns.checkId, ids)).groupBy(t.probeRuns.checkId);
  const firstResults = await db.select({ checkId: t.probeRuns.checkId, at: t.probeRuns.firstAt }).from(t.probeRuns).where(inArray(t.probeRuns.id, firstRuns));
  for (const row of firstResults) starts.set(row.checkId, { lastDay: null, firstResultAt: row.at });
  for (const row of lastDays) starts.set(row.checkId, { ...starts.get(row.checkId)!, lastDay: row.day });
  return starts;
}

/** The days of a check still to roll up: after its last rollup (or from its first result) up to yesterday. */
export function daysToRollUp(start: RollupStart, timeZone: string, now: number): LocalDay[] {
  let day: LocalDay;
  if (start.lastDay !== null) day = localDayAfter(localDayNamed(start.lastDay, timeZone), timeZone);
  else if (start.firstResultAt !== null) day = localDayOf(start.firstResultAt, timeZone);
  else return [];
  const days: LocalDay[] = [];
  for (; day.end <= now; day = localDayAfter(day, timeZone)) days.push(day);
  return days;
}

/** Computes and stores one check's rollup for one complete day (replacing any earlier one). */
export async function rollUpDay(store: Store, check: CheckConfig, day: LocalDay, now: number): Promise<void> {
  const { db, t } = store;
  const results = await resultsBetween(store, check.id, day.start, day.end);
  const rows = await db
    .select({ start: t.outages.start, end: t.outages.end, lastDownAt: t.outages.lastDownAt, source: t.outages.source })
    .from(t.outages)
    .where(and(eq(t.outages.checkId, check.id), lt(t.outages.start, day.end), or(isNull(t.outages.end), gt(t.outages.end, day.start))));
  const stale = GAP_INTERVALS * nominalIntervalMs(check);
  // An open outage counts to now, unless the prober stopped seeing it (then to its last down).
  const outages = rows.map((row) => ({
    start: row.start,
    end: row.end ?? (row.source === 'probe' && row.lastDownAt !== null && now - row.lastDownAt > stale ? row.lastDownAt : now),
  }));
  const summary = summarizeDay(results, outages, day);
  const values = { ...summary, checkId: check.id, envId: check.environmentId, day: day.date, dayStart: day.start, dayEnd: day.end, computedAt: now };
  await store.transaction(async (tx) => {
    await tx.db
      .insert(t.dailyRollups)
      .values(values)
      .onConflictDoUpdate({
        target: [t.dailyRollups.checkId, t.dailyRollups.day],
        set: {
          envId: sql`excluded.env_id`,
          dayStart: sql`excluded.day_start`,
          dayEnd: sql`excluded.day_end`,
          upCount: sql`excluded.up_count`,
          degradedCount: sql`excluded.degraded_count`,
          downCount: sql`excluded.down_count`,
          downtimeMs: sql`excluded.downtime_ms`,
          latencyP50Ms: sql`excluded.latency_p50_ms`,
          latencyP95Ms: sql`excluded.latency_p95_ms`,
          latencyP99Ms: sql`excluded.latency_p99_ms`,
          latencyMaxMs: sql`excluded.latency_max_ms`,
          computedAt: sql`excluded.computed_at`,
        },
      });
  });
}
