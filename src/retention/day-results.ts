import { and, eq, gte, lt } from 'drizzle-orm';
import type { AnyDialect } from '../store/any-dialect.ts';

export interface DayResult {
  readonly status: 'up' | 'degraded' | 'down';
  readonly latencyMs: number | null;
}

/**
 * A check's results in [start, end) as the day rollups count them: answers (up, degraded) with
 * their latencies from the minutes, downs from the failures. Both bounds are whole minutes.
 */
export async function resultsBetween({ db, t }: AnyDialect, checkId: string, start: number, end: number): Promise<DayResult[]> {
  const results: DayResult[] = [];
  const minutes = await db
    .select({ up: t.probeLatencyMinutes.up, degraded: t.probeLatencyMinutes.degraded, latencies: t.probeLatencyMinutes.latencies })
    .from(t.probeLatencyMinutes)
    .where(and(eq(t.probeLatencyMinutes.checkId, checkId), gte(t.probeLatencyMinutes.minute, start), lt(t.probeLatencyMinutes.minute, end)));
  for (const minute of minutes) {
    // Which answer had which latency does not matter to a day's figures: only how many of each status, and all latencies.
    const latencies = JSON.parse(minute.latencies) as number[];
    for (let k = 0; k < minute.up + minute.degraded; k++) results.push({ status: k < minute.up ? 'up' : 'degraded', latencyMs: latencies[k] ?? null });
  }
  const downs = await db
    .select({ latencyMs: t.probeFailures.latencyMs })
    .from(t.probeFailures)
    .where(and(eq(t.probeFailures.checkId, checkId), gte(t.probeFailures.at, start), lt(t.probeFailures.at, end)));
  for (const down of downs) results.push({ status: 'down', latencyMs: down.latencyMs });
  return results;
}
