import type { CheckConfig } from '../config/types.ts';
import { GAP_INTERVALS } from '../reports/monitoring-gaps.ts';
import { nominalIntervalMs } from '../schedule/nominal-interval.ts';
import { prepareLastResult } from '../history/history-reads.ts';
import type { OpenDatabase } from '../store/database.ts';
import type { CheckReading } from '../web/public-view/check-readings.ts';

export interface LatestReading {
  readonly reading: CheckReading;
  readonly lastResult: { at: number; status: 'up' | 'degraded' | 'down'; latencyMs: number | null; reason: string | null } | null;
  readonly outage: { id: number; start: number; source: 'probe' | 'manual' } | null;
}

/**
 * The state of many checks at once, by the status page's rules (check-readings.ts: down while
 * an outage is open — a probe outage only while its results are current —, unknown after 3
 * intervals of silence, a down not yet confirmed reads as degraded). One prepared statement
 * per check and one for all open outages: 2,000 checks read in milliseconds, where a query
 * builder per check took ~0.4 s.
 */
export function readLatest(
  database: Pick<OpenDatabase, 'sqlite'>,
  checks: readonly CheckConfig[],
  now: number,
  /** Each check's nominal interval (a cron schedule's takes a while to work out: a caller reading often keeps them). */
  intervalOf: (check: CheckConfig) => number = nominalIntervalMs,
): Map<string, LatestReading> {
  const latest = prepareLastResult(database.sqlite);
  const openOutages = database.sqlite.prepare('SELECT id, check_id AS checkId, start, source FROM outages WHERE "end" IS NULL ORDER BY start').all() as Array<{
    id: number;
    checkId: string;
    start: number;
    source: 'probe' | 'manual';
  }>;
  const outagesOf = new Map<string, typeof openOutages>();
  for (const outage of openOutages) outagesOf.set(outage.checkId, [...(outagesOf.get(outage.checkId) ?? []), outage]);

  const readings = new Map<string, LatestReading>();
  for (const check of checks) {
    const last = (latest.get(check.id) as LatestReading['lastResult'] | undefined) ?? null;
    const stale = !last || now - last.at > GAP_INTERVALS * intervalOf(check);
    const open = outagesOf.get(check.id) ?? [];
    // A manual outage is ongoing without any probe; one the prober opened is as current as its last result.
    const downBecause = open.find((outage) => outage.source === 'manual' || !stale) ?? null;
    let reading: CheckReading;
    if (downBecause) reading = { state: 'down', latencyMs: null, checkedAt: last?.at ?? null };
    else if (!last || stale) reading = { state: 'unknown', latencyMs: null, checkedAt: last?.at ?? null };
    else if (last.status === 'down') reading = { state: 'degraded', latencyMs: null, checkedAt: last.at };
    else reading = { state: last.status, latencyMs: last.latencyMs, checkedAt: last.at };
    const outage = downBecause ?? open[0] ?? null;
    readings.set(check.id, { reading, lastResult: last, outage: outage ? { id: outage.id, start: outage.start, source: outage.source } : null });
  }
  return readings;
}
