import type Database from 'better-sqlite3';
import type { Observation } from '../outages/detector.ts';

export interface LastResult {
  readonly at: number;
  readonly status: 'up' | 'degraded' | 'down';
  readonly latencyMs: number | null;
  readonly reason: string | null;
}

/** A check's latest result: the end of its latest run (its highest id: a check's results come in order). */
export function prepareLastResult(sqlite: Database.Database): Database.Statement<[string], LastResult> {
  return sqlite.prepare('SELECT last_at AS at, status, last_latency_ms AS latencyMs, reason FROM probe_runs WHERE check_id = ? ORDER BY id DESC LIMIT 1');
}

/** When a check's first result still kept was taken. */
export function prepareFirstResultAt(sqlite: Database.Database): Database.Statement<[string], { at: number }> {
  return sqlite.prepare('SELECT first_at AS at FROM probe_runs WHERE check_id = ? ORDER BY id LIMIT 1');
}

/**
 * A check's latest results, newest first, as far as the detector needs them back (`limit` of
 * them at most): the downs of its latest run one by one (each is kept), or that run's last
 * result when it is not down — what came before it does not change the detector's state.
 */
export function prepareLatestObservations(sqlite: Database.Database): (checkId: string, limit: number) => Observation[] {
  const last = sqlite.prepare<[string], Observation & { count: number }>('SELECT last_at AS at, status, reason, count FROM probe_runs WHERE check_id = ? ORDER BY id DESC LIMIT 1');
  const downs = sqlite.prepare<[string, number], Observation>(
    "SELECT at, 'down' AS status, reason FROM probe_failures WHERE check_id = ? ORDER BY at DESC, id DESC LIMIT ?",
  );
  return (checkId, limit) => {
    const latest = last.get(checkId);
    if (!latest) return [];
    if (latest.status !== 'down') return [{ at: latest.at, status: latest.status, reason: latest.reason }];
    return downs.all(checkId, Math.min(limit, latest.count));
  };
}

/**
 * A check's results in [start, end) as the day rollups count them: answers (up, degraded) with
 * their latencies from the minutes, downs from the failures. Both bounds are whole minutes.
 */
export function resultsBetween(sqlite: Database.Database, checkId: string, start: number, end: number): Array<{ status: 'up' | 'degraded' | 'down'; latencyMs: number | null }> {
  const results: Array<{ status: 'up' | 'degraded' | 'down'; latencyMs: number | null }> = [];
  const minutes = sqlite
    .prepare<[string, number, number], { up: number; degraded: number; latencies: string }>(
      'SELECT up, degraded, latencies FROM probe_latency_minutes WHERE check_id = ? AND minute >= ? AND minute < ?',
    )
    .all(checkId, start, end);
  for (const minute of minutes) {
    // Which answer had which latency does not matter to a day's figures: only how many of each status, and all latencies.
    const latencies = JSON.parse(minute.latencies) as number[];
    for (let k = 0; k < minute.up + minute.degraded; k++) results.push({ status: k < minute.up ? 'up' : 'degraded', latencyMs: latencies[k] ?? null });
  }
  const downs = sqlite
    .prepare<[string, number, number], { latencyMs: number | null }>('SELECT latency_ms AS latencyMs FROM probe_failures WHERE check_id = ? AND at >= ? AND at < ?')
    .all(checkId, start, end);
  for (const down of downs) results.push({ status: 'down', latencyMs: down.latencyMs });
  return results;
}
