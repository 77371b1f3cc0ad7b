import { nearestRank } from '../prober/percentile.ts';
import { clip, measure, normalize, type Interval } from '../time/interval.ts';

export interface DaySummary {
  readonly upCount: number;
  readonly degradedCount: number;
  readonly downCount: number;
  readonly downtimeMs: number;
  readonly latencyP50Ms: number | null;
  readonly latencyP95Ms: number | null;
  readonly latencyP99Ms: number | null;
  readonly latencyMaxMs: number | null;
}

/**
 * What one check's day comes down to: results per status, time covered by its outages, and
 * the latency of the probes that got an answer (up or degraded: a timeout's "latency" is the
 * deadline, not the target's speed). Pure.
 */
export function summarizeDay(
  results: ReadonlyArray<{ status: 'up' | 'degraded' | 'down'; latencyMs: number | null }>,
  outages: readonly Interval[],
  day: Interval,
): DaySummary {
  let upCount = 0;
  let degradedCount = 0;
  let downCount = 0;
  const latencies: number[] = [];
  for (const result of results) {
    if (result.status === 'down') downCount++;
    else {
      if (result.status === 'up') upCount++;
      else degradedCount++;
      if (result.latencyMs !== null) latencies.push(result.latencyMs);
    }
  }
  const sorted = Float64Array.from(latencies).sort();
  return {
    upCount,
    degradedCount,
    downCount,
    downtimeMs: measure(clip(normalize(outages), day)),
    latencyP50Ms: nearestRank(sorted, 50),
    latencyP95Ms: nearestRank(sorted, 95),
    latencyP99Ms: nearestRank(sorted, 99),
    latencyMaxMs: sorted.length ? sorted[sorted.length - 1]! : null,
  };
}
