import { describe, expect, it } from 'vitest';
import { SHARDS_PER_LOCATION, shardOf } from '../../src/share/shard-of.ts';
import { planShards, shareOf } from '../../src/share/shard-plan.ts';

// Probers of one location share its shards, each deciding alone from what the lease table says.
// The plan is pure, so it is tested here alone; the leases it acts on are tested on every
// database (shard-keeper.test.ts).

const ids = (n: number) => Array.from({ length: n }, (_, i) => `host-${i}:${100 + i}:0000000${i}`);

describe('a fair share of the shards', () => {
  it('adds up to every shard, the remainder to the first members by id, whatever order they are listed in', () => {
    for (let members = 1; members <= 40; members++) {
      const all = ids(members);
      const shares = [...all].sort().map((member) => shareOf(member, [...all].reverse(), 32));
      expect(shares.reduce((a, b) => a + b, 0)).toBe(32);
      expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
      expect(shares).toEqual([...shares].sort((a, b) => b - a));
    }
  });

  it('counts the asker among the members even before its membership shows', () => {
    expect(shareOf('b', ['a'], 32)).toBe(16);
    expect(shareOf('a', [], 32)).toBe(32);
  });
});

describe('which shards a prober takes and gives up', () => {
  it('takes every free shard when alone', () => {
    const plan = planShards({ shards: 4, me: 'a', members: ['a'], holders: [null, null, null, null] });
    expect([...plan.take].sort()).toEqual([0, 1, 2, 3]);
    expect(plan.give).toEqual([]);
  });

  it('gives up its highest-numbered shards beyond its share, and takes nothing then', () => {
    expect(planShards({ shards: 4, me: 'a', members: ['a', 'b'], holders: ['a', 'a', 'a', null] })).toEqual({ take: [], give: [2] });
    expect(planShards({ shards: 4, me: 'b', members: ['a', 'b', 'c'], holders: ['b', 'b', 'b', 'b'] })).toEqual({ take: [], give: [3, 2, 1] });
  });

  it('never asks for a shard another holds, and asks for no more than its share', () => {
    const plan = planShards({ shards: 6, me: 'b', members: ['a', 'b'], holders: ['a', 'a', 'a', 'a', null, null] });
    expect([...plan.take].sort()).toEqual([4, 5]);
    expect(planShards({ shards: 6, me: 'b', members: ['a', 'b'], holders: [null, 'b', 'b', 'b', null, null] })).toEqual({ take: [], give: [] });
  });

  it('asks for different free shards than another member asking at once', () => {
    const holders = Array<string | null>(32).fill(null);
    const a = planShards({ shards: 32, me: 'a', members: ['a', 'b'], holders });
    const b = planShards({ shards: 32, me: 'b', members: ['a', 'b'], holders });
    expect(a.take).toHaveLength(16);
    expect(b.take).toHaveLength(16);
    expect(new Set([...a.take, ...b.take]).size).toBe(32);
  });

  it('refuses a view whose holders do not match the number of shards', () => {
    expect(() => planShards({ shards: 3, me: 'a', members: ['a'], holders: [null] })).toThrow(/1 holders for 3 shards/);
  });

  // Members join and die at random; in each round every live member, in a random order, looks
  // at the table as the others left it and acts (a take succeeds only on a free shard, as the
  // lease does). Within two rounds of the last change every member holds exactly its share.
  it('shares the shards out within two rounds of the last change of members, whatever the order', () => {
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
    const shards = 32;
    for (let scenario = 0; scenario < 200; scenario++) {
      const holders = Array<string | null>(shards).fill(null);
      let members: string[] = [];
      let next = 0;
      const round = () => {
        const order = [...members].sort(() => random() - 0.5);
        for (const me of order) {
          const plan = planShards({ shards, me, members, holders: [...holders] });
          for (const shard of plan.give) holders[shard] = null;
          for (const shard of plan.take) if (holders[shard] === null) holders[shard] = me;
        }
      };
      for (let change = 0; change < 6; change++) {
        if (members.length <= 1 || random() < 0.6) members.push(`p${next++}`);
        else {
          const dead = members.splice(Math.floor(random() * members.length), 1)[0]!;
          // A dead member's leases expire.
          holders.forEach((holder, shard) => holder === dead && (holders[shard] = null));
        }
        if (random() < 0.5) round();
      }
      round();
      round();
      for (const member of members) expect(holders.filter((holder) => holder === member).length).toBe(shareOf(member, members, shards));
      expect(holders.every((holder) => holder !== null && members.includes(holder))).toBe(true);
    }
  });
});

describe('the shard of a check', () => {
  it('is fixed by its id, within the shards of a location', () => {
    expect(shardOf('acme-prod/web')).toBe(shardOf('acme-prod/web'));
    for (const id of ['a', 'b', 'acme-prod/web', 'é']) {
      expect(shardOf(id)).toBeGreaterThanOrEqual(0);
      expect(shardOf(id)).toBeLessThan(SHARDS_PER_LOCATION);
      expect(shardOf(id, 1)).toBe(0);
    }
  });

  it('spreads many checks evenly enough over the shards', () => {
    const counts = Array<number>(SHARDS_PER_LOCATION).fill(0);
    for (let i = 0; i < 20_000; i++) counts[shardOf(`env-${i % 97}/check-${i}`)]!++;
    const mean = 20_000 / SHARDS_PER_LOCATION;
    for (const count of counts) expect(Math.abs(count - mean)).toBeLessThan(mean * 0.2);
  });

  it('refuses a number of shards that is not a whole number of at least 1', () => {
    expect(() => shardOf('a', 0)).toThrow(/at least 1/);
    expect(() => shardOf('a', 1.5)).toThrow(/whole number/);
  });
});
