import type { Leases } from '../lease/lease-store.ts';
import type { ResultBatch, WriteFence } from '../prober/result-sink.ts';
import { shardLeaseName } from './shard-keeper.ts';

export interface ShardWriteFenceOptions {
  readonly leases: Leases;
  readonly location: string;
  /** The prober's holder id (its shard keeper's). */
  readonly holder: string;
  /** The shard of a check (src/share/shard-of.ts). */
  readonly shardOf: (checkId: string) => number;
  readonly log?: (line: string) => void;
}

/**
 * The fence of a prober sharing a location's checks: in the transaction that writes a batch, the
 * batch keeps only the results (and the dropped time) of checks whose shard lease still names
 * this prober under the fencing number their probe started with. Taken by another prober since
 * (which changes its number), the shard's results here are not written: that prober read the
 * checks' states when it took them and probes them now, and time this one observed without
 * writing is a gap that prober's detector sees and records as unmonitored. A shard that merely
 * lapsed while nobody took it (the database out of reach) keeps its number, and its results are
 * written. One statement per batch, for the shards the batch touches.
 */
export function shardWriteFence(options: ShardWriteFenceOptions): WriteFence {
  const { leases, location, holder, shardOf } = options;
  const log = options.log ?? ((line: string) => console.error(line));
  const nameOf = (checkId: string) => shardLeaseName(location, shardOf(checkId));
  // Counted once the batch's transaction committed: one rolled back is kept again when retried.
  let refused = 0;
  let staged = 0;
  return {
    get refusedResults() {
      return refused;
    },
    committed() {
      refused += staged;
      staged = 0;
    },
    rolledBack() {
      staged = 0;
    },
    async keep(tx, batch) {
      staged = 0;
      const names = new Set<string>();
      for (const item of batch.items) if (item.fence !== undefined) names.add(nameOf(item.check.id));
      for (const [checkId, span] of batch.spans) if (span.fence !== undefined) names.add(nameOf(checkId));
      if (names.size === 0) return batch;
      const held = await leases.fencesOf(tx, [...names], holder);
      const holds = (checkId: string, fence: number | undefined) => fence === undefined || held.get(nameOf(checkId)) === fence;
      const items = batch.items.filter((item) => holds(item.check.id, item.fence));
      const spans = new Map([...batch.spans].filter(([checkId, span]) => holds(checkId, span.fence)));
      if (items.length === batch.items.length && spans.size === batch.spans.size) return batch;
      staged = countResults(batch.items) - countResults(items);
      log(refusal(location, batch, items, spans, staged));
      return { ...batch, items, spans };
    },
  };
}

function refusal(location: string, batch: ResultBatch, items: ResultBatch['items'], spans: ResultBatch['spans'], results: number): string {
  const kept = new Set(items);
  const checks = new Set([...batch.items.filter((item) => !kept.has(item)).map((item) => item.check.id), ...[...batch.spans.keys()].filter((checkId) => !spans.has(checkId))]);
  const listed = [...checks].slice(0, 5).join(', ') + (checks.size > 5 ? `, and ${checks.size - 5} more` : '');
  return `probe ${location}: ${results} results not written (checks ${listed}): their shard was taken by another prober after they were probed`;
}

/** Results, not the outage changes of results dropped earlier that ride without one. */
function countResults(items: ResultBatch['items']): number {
  let results = 0;
  for (const item of items) if (item.result !== null) results++;
  return results;
}
