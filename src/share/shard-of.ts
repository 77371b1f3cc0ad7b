import { createHash } from 'node:crypto';

/**
 * How many shards the checks of one location are spread over. Probers of a location share its
 * checks by shard, each shard a lease (src/share/shard-keeper.ts): enough for a fair share among
 * the few probers a location runs (32 over 3 is 11, 11, 10), few enough that renewing them all is
 * one statement and taking them a handful of transactions.
 */
export const SHARDS_PER_LOCATION = 32;

/**
 * The shard a check belongs to, fixed by its id: every prober of every host computes the same.
 * A hash of its own (SHA-1's first word), not the one that spreads checks over an interval
 * (src/schedule/phase.ts): with that one a shard's checks would fall in a fraction of the
 * interval's slots, and its prober's probes in bursts. Pure.
 */
export function shardOf(checkId: string, shards: number = SHARDS_PER_LOCATION): number {
  if (!Number.isInteger(shards) || shards < 1) throw new RangeError(`a location has a whole number of shards, at least 1 (got ${shards})`);
  return createHash('sha1').update(checkId).digest().readUInt32BE(0) % shards;
}
