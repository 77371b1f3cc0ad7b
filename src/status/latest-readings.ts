import type { CheckConfig } from '../config/types.ts';
import { nominalIntervalMs } from '../schedule/nominal-interval.ts';
import type { AnyDialect } from '../store/any-dialect.ts';
import { reportReads, type LocatedResult } from '../store/report-reads.ts';
import { readingOf, type CheckReading } from '../web/public-view/check-readings.ts';

export interface LatestReading {
  readonly reading: CheckReading;
  /** The newest result of any location, and which. */
  readonly lastResult: LocatedResult | null;
  readonly outage: { id: number; start: number; source: 'probe' | 'manual' } | null;
}

/**
 * The state of many checks at once, by the status page's rules (check-readings.ts): one query
 * for their latest runs at each location (report-reads.ts) and one for all open outages, on
 * either store (a query per check would cost a round trip each to a server).
 */
export async function readLatest(
  store: AnyDialect,
  checks: readonly CheckConfig[],
  now: number,
  /** Each check's nominal interval (a cron schedule's takes a while to work out: a caller reading often keeps them). */
  intervalOf: (check: CheckConfig) => number = nominalIntervalMs,
): Promise<Map<string, LatestReading>> {
  const reads = reportReads(store);
  const latest = await reads.lastResultsByLocation([...new Set(checks.map((check) => check.id))]);
  const outagesOf = new Map<string, Array<{ id: number; start: number; source: 'probe' | 'manual' }>>();
  for (const { id, checkId, start, source } of await reads.openOutages()) outagesOf.set(checkId, [...(outagesOf.get(checkId) ?? []), { id, start, source }]);

  const readings = new Map<string, LatestReading>();
  for (const check of checks) {
    const results = latest.get(check.id) ?? [];
    readings.set(check.id, { ...readingOf(results, outagesOf.get(check.id) ?? [], now, intervalOf(check)), lastResult: results[0] ?? null });
  }
  return readings;
}
