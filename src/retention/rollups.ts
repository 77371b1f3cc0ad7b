import type Database from 'better-sqlite3';
import type { CheckConfig } from '../config/types.ts';
import { GAP_INTERVALS } from '../reports/monitoring-gaps.ts';
import { nominalIntervalMs } from '../schedule/nominal-interval.ts';
import { prepareFirstResultAt, resultsBetween } from '../history/history-reads.ts';
import type { OpenDatabase } from '../store/database.ts';
import { summarizeDay } from './day-summary.ts';
import { localDayAfter, localDayNamed, localDayOf, type LocalDay } from './local-day.ts';

// Prepared once per connection: a pass asks them of every check, and preparing costs more than the query.
const lookups = new WeakMap<Database.Database, { lastRollup: Database.Statement<[string], { day: string | null }>; firstResultAt: Database.Statement<[string], { at: number }> }>();

function lookupsOf(sqlite: Database.Database) {
  let found = lookups.get(sqlite);
  if (!found) {
    found = { lastRollup: sqlite.prepare('SELECT max(day) AS day FROM daily_rollups WHERE check_id = ?'), firstResultAt: prepareFirstResultAt(sqlite) };
    lookups.set(sqlite, found);
  }
  return found;
}

/** The days of a check still to roll up: after its last rollup (or from its first result) up to yesterday. */
export function daysToRollUp(database: OpenDatabase, check: CheckConfig, timeZone: string, now: number): LocalDay[] {
  const { lastRollup, firstResultAt } = lookupsOf(database.sqlite);
  const last = lastRollup.get(check.id)!;
  let day: LocalDay;
  if (last.day !== null) day = localDayAfter(localDayNamed(last.day, timeZone), timeZone);
  else {
    const first = firstResultAt.get(check.id);
    if (!first) return [];
    day = localDayOf(first.at, timeZone);
  }
  const days: LocalDay[] = [];
  for (; day.end <= now; day = localDayAfter(day, timeZone)) days.push(day);
  return days;
}

/** Computes and stores one check's rollup for one complete day (replacing any earlier one). */
export function rollUpDay(database: OpenDatabase, check: CheckConfig, day: LocalDay, now: number): void {
  const results = resultsBetween(database.sqlite, check.id, day.start, day.end);
  const rows = database.sqlite
    .prepare('SELECT start, "end", last_down_at AS lastDownAt, source FROM outages WHERE check_id = ? AND start < ? AND ("end" IS NULL OR "end" > ?)')
    .all(check.id, day.end, day.start) as Array<{ start: number; end: number | null; lastDownAt: number | null; source: string }>;
  const stale = GAP_INTERVALS * nominalIntervalMs(check);
  // An open outage counts to now, unless the prober stopped seeing it (then to its last down).
  const outages = rows.map((row) => ({
    start: row.start,
    end: row.end ?? (row.source === 'probe' && row.lastDownAt !== null && now - row.lastDownAt > stale ? row.lastDownAt : now),
  }));
  const summary = summarizeDay(results, outages, day);
  database.sqlite
    .prepare(
      `INSERT OR REPLACE INTO daily_rollups (check_id, env_id, day, day_start, day_end, up_count, degraded_count, down_count, downtime_ms,
         latency_p50_ms, latency_p95_ms, latency_p99_ms, latency_max_ms, computed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      check.id,
      check.environmentId,
      day.date,
      day.start,
      day.end,
      summary.upCount,
      summary.degradedCount,
      summary.downCount,
      summary.downtimeMs,
      summary.latencyP50Ms,
      summary.latencyP95Ms,
      summary.latencyP99Ms,
      summary.latencyMaxMs,
      now,
    );
}
