import type { CheckConfig } from '../config/types.ts';
import { shortestCronPeriodMs } from '../schedule/nominal-interval.ts';

const MIN_TTL_MS = 2_000;
const MAX_TTL_MS = 60_000;

/**
 * How long a shard lease of a location lasts without renewal: 0.6 of the shortest interval of
 * the checks the location probes (for a cron schedule, its closest firings), from 2 s to 60 s. A killed prober's shards are free once
 * their leases expire, another prober asks every quarter of this (src/share/shard-keeper.ts),
 * and a check taken over is probed at its next turn: at most 0.75 of an interval, then one, so
 * a check misses at most one turn (within two intervals of the kill) while restoring its
 * detector takes less than a quarter of an interval. Shorter would renew the leases more often
 * for nothing; longer, a check would wait more than two intervals. Pure.
 */
export function shardLeaseTtlMs(checks: readonly CheckConfig[]): number {
  if (checks.length === 0) return MAX_TTL_MS;
  const periods = new Map<string, number>();
  const intervalOf = (check: CheckConfig) => {
    if (check.everyMs !== null) return check.everyMs;
    const cron = check.cron!;
    if (!periods.has(cron)) periods.set(cron, shortestCronPeriodMs(cron));
    return periods.get(cron)!;
  };
  const shortest = checks.reduce((least, check) => Math.min(least, intervalOf(check)), Infinity);
  return Math.min(MAX_TTL_MS, Math.max(MIN_TTL_MS, Math.floor(shortest * 0.6)));
}
