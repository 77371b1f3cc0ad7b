import type { CheckConfig } from '../config/types.ts';
import { nominalIntervalMs } from '../schedule/nominal-interval.ts';
import type { AnyDialect } from '../store/any-dialect.ts';
import { reportReads, type LastResult } from '../store/report-reads.ts';
import { readingOf, type CheckReading } from '../web/public-view/check-readings.ts';

export interface LatestReading {
  readonly reading: CheckReading;
  readonly lastResult: LastResult | null;
  readonly outage: { id: number; start: number; source: 'probe' | 'manual' } | null;
}

/**
 * The state of many checks at once, by the status page's rules (check-readings.ts): one query
 * for their latest runs (report-reads.ts) and one for all open outages, on either store (a
 * query per check would cost a round trip each to a server).
 */
export async function readLatest(
  store: AnyDialect,
  checks: readonly CheckConfig[],
  now: number,
  /** Each check's nominal interval (a cron schedule's takes a while to work out: a caller reading often keeps them). */
  intervalOf: (check: CheckConfig) => number = nominalIntervalMs,
): Promise<Map<string, LatestReading>> {
  const reads = reportReads(store);
  const latest = await reads.lastResults([...new Set(checks.map((check) => check.id))]);
  const outagesOf = new Map<string, Array<{ id: number; start: number; source: 'probe' | 'manual' }>>();
  for (const { id, checkId, start, source } of await reads.openOutages()) outagesOf.set(checkId, [...(outagesOf.get(checkId) ?? []), { id, start, source }]);

  const readings = new Map<string, LatestReading>();
  for (const check of checks) {
    const last = latest.get(check.id) ?? null;
    readings.set(check.id, { ...readingOf(last, outagesOf.get(check.id) ?? [], now, intervalOf(check)), lastResult: last });
  }
  return readings;
}
