/**
 * What one prober of a location sees when it decides which shards to hold: the live probers
 * of the location (itself included) and who holds each shard now.
 */
export interface ShardView {
  readonly shards: number;
  /** This prober's holder id. */
  readonly me: string;
  /** The probers whose membership has not expired, this one included (in any order). */
  readonly members: readonly string[];
  /** For each shard, its holder while its lease has not expired; null when free or expired. */
  readonly holders: readonly (string | null)[];
}

export interface ShardMoves {
  /** Free shards to ask for, in this order. */
  readonly take: readonly number[];
  /** Shards this prober holds beyond its share, to give up (after its probes of them are written). */
  readonly give: readonly number[];
}

/**
 * How many of `shards` a member holds: an equal share, the remainder going to the members first
 * in the order of their ids, so that every member computes the same shares and they add up to
 * `shards` exactly. Pure.
 */
export function shareOf(member: string, members: readonly string[], shards: number): number {
  const ranked = [...new Set([...members, member])].sort();
  const rank = ranked.indexOf(member);
  return Math.floor(shards / ranked.length) + (rank < shards % ranked.length ? 1 : 0);
}

/**
 * Which shards this prober takes or gives up to come to its fair share. It gives up its
 * highest-numbered shards beyond the share, and asks for free ones up to it, starting at a
 * point of its own (by its rank) so that probers asking at once mostly ask for different ones;
 * a shard another holds is never asked for, since its lease would refuse. Each prober deciding
 * alone on the same view, the shards end up shared out once the view stops changing: every
 * member holds at most its share, and the shares add up to all of them. Pure.
 */
export function planShards(view: ShardView): ShardMoves {
  const { shards, me, holders } = view;
  if (holders.length !== shards) throw new RangeError(`the view has ${holders.length} holders for ${shards} shards`);
  const share = shareOf(me, view.members, shards);
  const mine = holders.flatMap((holder, shard) => (holder === me ? [shard] : []));
  if (mine.length > share) return { take: [], give: mine.slice(share).reverse() };
  const free = holders.flatMap((holder, shard) => (holder === null ? [shard] : []));
  if (free.length === 0 || mine.length === share) return { take: [], give: [] };
  const ranked = [...new Set([...view.members, me])].sort();
  const start = (ranked.indexOf(me) * Math.ceil(shards / ranked.length)) % shards;
  const fromStart = [...free.filter((shard) => shard >= start), ...free.filter((shard) => shard < start)];
  return { take: fromStart.slice(0, share - mine.length), give: [] };
}
