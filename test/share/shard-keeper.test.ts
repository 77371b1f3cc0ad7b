import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { leasesOf, type Leases } from '../../src/lease/lease-store.ts';
import { keepShards, shardLeaseName, type ShardKeeper } from '../../src/share/shard-keeper.ts';
import type { Store } from '../../src/store/store.ts';
import { storeBackends } from '../support/store-backends.ts';

// Probers of one location share its shards through the lease table, on every database. The
// keepers are driven turn by turn, on one clock the test moves (the leases' and the keepers').

const T0 = Date.parse('2026-03-10T09:00:00-04:00');
const TTL = 4_000;
const SHARDS = 8;

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`shards of a location on ${backend.unavailable ?? backend.name}`, () => {
    let opened: { store: Store; close(): Promise<void> };
    let now: number;
    let leases: Leases;
    let events: string[];
    let keepers: ShardKeeper[];
    beforeAll(async () => {
      opened = await backend.open();
    });
    afterAll(() => opened?.close());
    beforeEach(async () => {
      await opened.store.transaction((tx) => tx.db.delete(tx.t.leases));
      now = T0;
      leases = leasesOf(opened.store, () => now);
      events = [];
      keepers = [];
    });

    const timers = { now: () => now, setTimeout: () => null, clearTimeout: () => undefined };
    const keeper = (holder: string, location = 'mtl') => {
      const kept = keepShards(
        { leases, location, ttlMs: TTL, holder, shards: SHARDS, timers, schedule: false, log: () => undefined },
        {
          adopt: async (shards) => void events.push(`${holder} adopts ${[...shards].sort((a, b) => a - b).join(',')}`),
          settle: async (shards) => void events.push(`${holder} settles ${[...shards].sort((a, b) => a - b).join(',')}`),
        },
      );
      keepers.push(kept);
      return kept;
    };
    const probing = (kept: ShardKeeper) => Array.from({ length: SHARDS }, (_, shard) => shard).filter((shard) => kept.mayProbe(shard));
    // The shards given up in the background are written and released.
    const settled = () => Promise.all(keepers.map((kept) => kept.given()));

    it('gives every shard to a prober alone, adopted before any is probed', async () => {
      const a = keeper('a');
      await a.ready;
      expect(events).toEqual(['a adopts 0,1,2,3,4,5,6,7']);
      expect(probing(a)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(a.held()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    });

    it('shares them with a prober that joins: the first stops probing half, writes them, releases them, and the other adopts them', async () => {
      const a = keeper('a');
      await a.ready;
      const b = keeper('b');
      await b.ready;
      expect(probing(b)).toEqual([]);
      now += 1_000;
      await a.turn();
      expect(probing(a)).toEqual([0, 1, 2, 3]);
      await settled();
      expect(events.slice(1)).toEqual(['a settles 4,5,6,7']);
      await b.turn();
      expect(events.slice(2)).toEqual(['b adopts 4,5,6,7']);
      expect(probing(b)).toEqual([4, 5, 6, 7]);
      // Steady: renewals change nothing.
      for (let n = 0; n < 5; n++) {
        now += 1_000;
        await a.turn();
        await b.turn();
      }
      expect(probing(a)).toEqual([0, 1, 2, 3]);
      expect(probing(b)).toEqual([4, 5, 6, 7]);
      expect(events).toHaveLength(3);
    });

    it("takes over a killed prober's shards at its first turn after their leases expire, and the killed one had stopped probing before", async () => {
      const a = keeper('a');
      const b = keeper('b');
      await Promise.all([a.ready, b.ready]);
      for (let n = 0; n < 3; n++) {
        now += 1_000;
        await a.turn();
        await settled();
        await b.turn();
        await settled();
      }
      expect(probing(a)).toHaveLength(4);
      expect(probing(b)).toHaveLength(4);
      const aShards = probing(a);
      // a is killed now: no more turns. Half its lease later it would probe nothing, were it only paused.
      const killedAt = now;
      now = killedAt + TTL / 2;
      expect(probing(a)).toEqual([]);
      await b.turn();
      expect(probing(b)).toHaveLength(4);
      now = killedAt + TTL;
      await b.turn();
      expect(probing(b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(events.at(-1)).toBe(`b adopts ${aShards.join(',')}`);
    });

    it('stops probing a shard whose renewal found it lapsed, and one the table gives to another', async () => {
      const a = keeper('a');
      await a.ready;
      // Paused past its lease: another took shard 0 meanwhile.
      now += TTL;
      expect(await leases.takeOrRenew('probe/mtl/shard/0', 'x', TTL)).toMatchObject({ taken: true });
      await a.turn();
      expect(probing(a)).not.toContain(0);
      expect(a.held()).not.toContain(0);
    });

    it('releases everything on stop, so that another takes it all at its next turn', async () => {
      const a = keeper('a');
      const b = keeper('b');
      await Promise.all([a.ready, b.ready]);
      now += 1_000;
      await a.turn();
      await settled();
      await b.turn();
      await settled();
      await a.stop();
      expect(events.at(-1)).toMatch(/^a settles /);
      expect(probing(a)).toEqual([]);
      await b.turn();
      expect(probing(b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect((await leases.list('probe/mtl/member/')).filter((lease) => lease.live).map((lease) => lease.holder)).toEqual(['b']);
    });

    it('leaves the shards it could not give up cleanly to expire, for another to take then', async () => {
      const a = keepShards(
        { leases, location: 'mtl', ttlMs: TTL, holder: 'a', shards: SHARDS, timers, schedule: false, log: () => undefined },
        { adopt: async () => undefined, settle: () => Promise.reject(new Error('results could not be written')) },
      );
      keepers.push(a);
      await a.ready;
      const b = keeper('b');
      await b.ready;
      now += 1_000;
      await a.turn();
      await settled();
      expect(probing(a)).toEqual([0, 1, 2, 3]);
      // a goes on renewing what it keeps, not what it gave up, which expires.
      for (let n = 0; n < 2; n++) {
        now += TTL / 2;
        await a.turn();
        await b.turn();
      }
      expect(probing(b)).toEqual([4, 5, 6, 7]);
      expect(probing(a)).toEqual([0, 1, 2, 3]);
    });

    it('goes on probing its shards while the database cannot be reached, a turn failing or not answering, and once it answers holds again those nobody took', async () => {
      // The leases as the keeper reaches them: failing, hanging, or the database's answer.
      let reach: 'ok' | 'failing' | 'hanging' = 'ok';
      let answer: () => void = () => undefined;
      const cutOff = <T>(call: () => Promise<T>): Promise<T> => {
        if (reach === 'failing') return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
        if (reach === 'hanging') return new Promise<void>((resolve) => (answer = resolve)).then(() => Promise.reject(new Error('Connection terminated')));
        return call();
      };
      const reached: Leases = {
        ...leases,
        renewAll: (...args) => cutOff(() => leases.renewAll(...args)),
        takeOrRenew: (...args) => cutOff(() => leases.takeOrRenew(...args)),
        list: (...args) => cutOff(() => leases.list(...args)),
      };
      const lines: string[] = [];
      const a = keepShards({ leases: reached, location: 'mtl', ttlMs: TTL, holder: 'a', shards: SHARDS, timers, schedule: false, log: (line) => lines.push(line) }, { adopt: async () => undefined, settle: async () => undefined });
      keepers.push(a);
      await a.ready;
      const all = [0, 1, 2, 3, 4, 5, 6, 7];
      expect(probing(a)).toEqual(all);
      const fences = all.map((shard) => a.fenceOf(shard));

      reach = 'failing';
      now += TTL / 4;
      await a.turn();
      now += TTL;
      // Past half its lease and past its expiry: still probed, each probe carrying the shard's number.
      expect(probing(a)).toEqual(all);
      expect(all.map((shard) => a.fenceOf(shard))).toEqual(fences);

      // A turn that does not answer: probing goes on once it has waited a quarter of the lease.
      reach = 'hanging';
      const hanging = a.turn();
      await new Promise((resolve) => setImmediate(resolve));
      now += TTL / 4;
      expect(probing(a)).toEqual(all);
      answer();
      await hanging;

      // Meanwhile another prober, which reaches the database, took shard 0, whose lease had lapsed.
      expect(await leases.takeOrRenew('probe/mtl/shard/0', 'x', TTL)).toMatchObject({ taken: true });
      reach = 'ok';
      now += 1_000;
      await a.turn();
      expect(probing(a)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(a.fenceOf(0)).toBeUndefined();
      // The others kept their numbers: nobody held them in between.
      expect([1, 2, 3, 4, 5, 6, 7].map((shard) => a.fenceOf(shard))).toEqual(fences.slice(1));
      expect(lines.some((line) => line.includes('shard 0') && line.includes('another took it'))).toBe(true);
      // Held again for a whole lease: a pause now stops the probing half a lease on, as before.
      now += TTL / 2;
      expect(probing(a)).toEqual([]);
    });

    it('keeps each location apart', async () => {
      const a = keeper('a', 'mtl');
      const b = keeper('b', 'tor');
      await Promise.all([a.ready, b.ready]);
      expect(probing(a)).toHaveLength(SHARDS);
      expect(probing(b)).toHaveLength(SHARDS);
    });

    it('releases the shards it cannot restore, and probes none of them', async () => {
      const a = keepShards(
        { leases, location: 'mtl', ttlMs: TTL, holder: 'a', shards: SHARDS, timers, schedule: false, log: () => undefined },
        { adopt: () => Promise.reject(new Error('connection lost')), settle: async () => undefined },
      );
      await a.ready;
      expect(probing(a)).toEqual([]);
      expect((await leases.list('probe/mtl/shard/')).every((lease) => !lease.live)).toBe(true);
    });

    it('follows the lease length as it changes (a reload adding a faster check): the next renewal stamps it, probing stops half of it on, and the turns come every quarter of it from the last, even one asked for', async () => {
      let ttl = 60_000;
      const delays: number[] = [];
      let next: () => void = () => undefined;
      const scheduled = { now: () => now, setTimeout: (callback: () => void, ms: number) => ((next = callback), delays.push(ms), null), clearTimeout: () => undefined };
      const a = keepShards({ leases, location: 'mtl', ttlMs: () => ttl, holder: 'a', shards: SHARDS, timers: scheduled, log: () => undefined }, { adopt: async () => undefined, settle: async () => undefined });
      keepers.push(a);
      await a.ready;
      expect((await leases.read(shardLeaseName('mtl', 0)))?.expiresAt).toBe(T0 + 60_000);
      expect(delays).toEqual([15_000]);

      ttl = 4_000;
      now += 1_000;
      next();
      await a.turn();
      expect((await leases.read(shardLeaseName('mtl', 0)))?.expiresAt).toBe(T0 + 1_000 + 4_000);
      expect((await leases.read('probe/mtl/member/a'))?.expiresAt).toBe(T0 + 1_000 + 4_000);
      expect(delays).toEqual([15_000, 1_000, 1_000]);
      now = T0 + 1_000 + 1_999;
      expect(probing(a)).toHaveLength(SHARDS);
      now = T0 + 1_000 + 2_000;
      expect(probing(a)).toEqual([]);
      await a.stop();
    });
  });
}
