import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { leasesOf, type HeldLease, type Leases } from '../../src/lease/lease-store.ts';
import type { Store } from '../../src/store/store.ts';
import { storeBackends } from '../support/store-backends.ts';

// A lease is one contract on every database: taken only when free, expired or already the
// asker's, in one statement; its fencing number grows with each change of holder and never
// goes back, released or not; its expiry judged by one clock.

const T0 = Date.parse('2026-03-10T09:00:00-04:00');
const A = 'monitor-1:101:aaaaaaaa';
const B = 'monitor-2:202:bbbbbbbb';

const held = (outcome: Awaited<ReturnType<Leases['takeOrRenew']>>): HeldLease => {
  if (!outcome.taken) throw new Error(`expected the lease to be taken, ${outcome.holder} has it`);
  return outcome.lease;
};

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`leases on ${backend.unavailable ?? backend.name}`, () => {
    let opened: { store: Store; close(): Promise<void> };
    let now: number;
    let leases: Leases;
    // One database for the file (opening PGlite takes seconds), emptied before each test.
    beforeAll(async () => {
      opened = await backend.open();
    });
    afterAll(() => opened?.close());
    beforeEach(async () => {
      await opened.store.transaction((tx) => tx.db.delete(tx.t.leases));
      now = T0;
      leases = leasesOf(opened.store, () => now);
    });

    it('is taken when free, with fencing number 1, and refused to another holder until it expires', async () => {
      expect(await leases.takeOrRenew('notifications', A, 30_000)).toEqual({ taken: true, lease: { name: 'notifications', holder: A, fence: 1, expiresAt: T0 + 30_000 } });
      now = T0 + 29_999;
      expect(await leases.takeOrRenew('notifications', B, 30_000)).toEqual({ taken: false, holder: A, expiresAt: T0 + 30_000 });
      expect(await leases.read('notifications')).toEqual({ name: 'notifications', holder: A, fence: 1, takenAt: T0, expiresAt: T0 + 30_000 });
    });

    it('is renewed by its holder with the same fencing number, which pushes its expiry', async () => {
      held(await leases.takeOrRenew('notifications', A, 30_000));
      now = T0 + 10_000;
      expect(held(await leases.takeOrRenew('notifications', A, 30_000))).toEqual({ name: 'notifications', holder: A, fence: 1, expiresAt: T0 + 40_000 });
      now = T0 + 35_000;
      expect(await leases.takeOrRenew('notifications', B, 30_000)).toMatchObject({ taken: false, holder: A });
      // Even late, the holder renews what nobody took meanwhile.
      now = T0 + 50_000;
      expect(held(await leases.takeOrRenew('notifications', A, 30_000))).toMatchObject({ fence: 1, expiresAt: T0 + 80_000 });
      expect((await leases.read('notifications'))?.takenAt).toBe(T0);
    });

    it('is taken by another holder once expired (at the instant of expiry), with the next fencing number', async () => {
      held(await leases.takeOrRenew('notifications', A, 30_000));
      now = T0 + 30_000;
      expect(held(await leases.takeOrRenew('notifications', B, 30_000))).toEqual({ name: 'notifications', holder: B, fence: 2, expiresAt: T0 + 60_000 });
      expect(await leases.takeOrRenew('notifications', A, 30_000)).toEqual({ taken: false, holder: B, expiresAt: T0 + 60_000 });
      expect(await leases.read('notifications')).toMatchObject({ holder: B, fence: 2, takenAt: T0 + 30_000 });
      now = T0 + 60_000;
      expect(held(await leases.takeOrRenew('notifications', A, 30_000)).fence).toBe(3);
    });

    it('is free at once when released, and keeps its fencing number growing', async () => {
      held(await leases.takeOrRenew('retention', A, 30_000));
      expect(await leases.release('retention', B)).toBe(false);
      expect(await leases.release('retention', A)).toBe(true);
      expect(await leases.read('retention')).toMatchObject({ holder: null, fence: 1, expiresAt: T0 });
      expect(held(await leases.takeOrRenew('retention', B, 30_000)).fence).toBe(2);
      expect(await leases.release('retention', A)).toBe(false);
      // Released and taken back by the same holder: a new tenure, a new number.
      await leases.release('retention', B);
      expect(held(await leases.takeOrRenew('retention', B, 30_000)).fence).toBe(3);
    });

    it('frees every lease at once when asked, keeping their numbers growing', async () => {
      held(await leases.takeOrRenew('notifications', A, 30_000));
      held(await leases.takeOrRenew('retention', B, 30_000));
      expect(await leases.freeAll()).toBe(2);
      expect(await leases.read('notifications')).toMatchObject({ holder: null, fence: 1, expiresAt: T0 });
      expect(held(await leases.takeOrRenew('retention', A, 30_000)).fence).toBe(2);
    });

    it("frees only one process's leases when asked for its host and pid", async () => {
      held(await leases.takeOrRenew('notifications', 'monitor_1:42:0000aaaa', 30_000));
      held(await leases.takeOrRenew('alerts', 'monitor_1:42:0000bbbb', 30_000));
      held(await leases.takeOrRenew('retention', 'monitor-1:421:0000cccc', 30_000));
      held(await leases.takeOrRenew('removed-checks', 'monitorx1:42:0000dddd', 30_000));
      expect(await leases.freeAll('monitor_1:42:')).toBe(2);
      expect((await leases.read('notifications'))?.holder).toBeNull();
      expect((await leases.read('alerts'))?.holder).toBeNull();
      expect((await leases.read('retention'))?.holder).toBe('monitor-1:421:0000cccc');
      expect((await leases.read('removed-checks'))?.holder).toBe('monitorx1:42:0000dddd');
    });

    it('keeps each name apart', async () => {
      held(await leases.takeOrRenew('notifications', A, 30_000));
      expect(held(await leases.takeOrRenew('retention', B, 30_000))).toMatchObject({ holder: B, fence: 1 });
      expect(await leases.takeOrRenew('notifications', B, 30_000)).toMatchObject({ taken: false });
    });

    it('gives it to exactly one of many holders asking at once', async () => {
      const holders = Array.from({ length: 8 }, (_, n) => `monitor-${n}:${n}:0000000${n}`);
      const outcomes = await Promise.all(holders.map((holder) => leases.takeOrRenew('notifications', holder, 30_000)));
      expect(outcomes.filter((outcome) => outcome.taken)).toHaveLength(1);
      now = T0 + 30_000;
      const others = holders.map((holder) => holder.replace('monitor-', 'standby-'));
      const next = await Promise.all(others.map((holder) => leases.takeOrRenew('notifications', holder, 30_000)));
      expect(next.filter((outcome) => outcome.taken).map((outcome) => (outcome.taken ? outcome.lease.fence : 0))).toEqual([2]);
    });

    it('says whether a lease is still held, by holder, number and expiry, inside a transaction', async () => {
      const first = held(await leases.takeOrRenew('notifications', A, 30_000));
      const stillHeld = (lease: HeldLease) => opened.store.transaction((tx) => leases.stillHeld(tx, lease));
      expect(await stillHeld(first)).toBe(true);
      now = T0 + 30_000;
      expect(await stillHeld(first)).toBe(false);
      const second = held(await leases.takeOrRenew('notifications', B, 30_000));
      expect(await stillHeld(second)).toBe(true);
      // The former holder's number, even were its clock behind, is no longer current.
      now = T0;
      expect(await stillHeld(first)).toBe(false);
      expect(await stillHeld({ ...second, fence: 1 })).toBe(false);
    });

    it("judges expiry by the database's clock by default, whatever the holders' clocks say", async () => {
      const byDatabase = leasesOf(opened.store);
      const before = Date.now();
      const lease = held(await byDatabase.takeOrRenew('notifications', A, 60_000));
      // The host running the tests and the database share a clock here: the expiry is about a
      // minute from now on it (the database stamped it, not the caller).
      expect(lease.expiresAt).toBeGreaterThanOrEqual(before + 60_000 - 1_000);
      expect(lease.expiresAt).toBeLessThanOrEqual(Date.now() + 60_000 + 1_000);
      // A holder whose own clock is a day ahead cannot take it: nobody asks its clock.
      expect(await byDatabase.takeOrRenew('notifications', B, 60_000)).toMatchObject({ taken: false, holder: A });
      // Expired on the database's clock (its holder stopped renewing an hour ago): taken.
      await opened.store.transaction((tx) => tx.db.update(tx.t.leases).set({ expiresAt: lease.expiresAt - 3_600_000 }));
      expect(held(await byDatabase.takeOrRenew('notifications', B, 60_000))).toMatchObject({ holder: B, fence: 2 });
    });

    it('renews in one statement those of several leases their holder still holds, all to one expiry, and leaves the others alone', async () => {
      held(await leases.takeOrRenew('probe/mtl/shard/0', A, 10_000));
      held(await leases.takeOrRenew('probe/mtl/shard/1', A, 10_000));
      now = T0 + 5_000;
      held(await leases.takeOrRenew('probe/mtl/shard/2', A, 1_000));
      held(await leases.takeOrRenew('probe/mtl/shard/3', B, 10_000));
      now = T0 + 8_000;
      // Shard 2 lapsed at T0 + 6 s: not renewed, even though nobody took it; shard 3 is B's; 4 does not exist.
      const renewed = await leases.renewAll(['probe/mtl/shard/0', 'probe/mtl/shard/1', 'probe/mtl/shard/2', 'probe/mtl/shard/3', 'probe/mtl/shard/4'], A, 10_000);
      expect(renewed).toEqual([
        { name: 'probe/mtl/shard/0', holder: A, fence: 1, expiresAt: T0 + 18_000 },
        { name: 'probe/mtl/shard/1', holder: A, fence: 1, expiresAt: T0 + 18_000 },
      ]);
      expect(await leases.read('probe/mtl/shard/2')).toMatchObject({ holder: A, expiresAt: T0 + 6_000 });
      expect(await leases.read('probe/mtl/shard/3')).toMatchObject({ holder: B, expiresAt: T0 + 15_000 });
      expect(await leases.renewAll([], A, 10_000)).toEqual([]);
      expect(() => leases.renewAll(['probe/mtl/shard/0'], A, 0)).toThrow(RangeError);
    });

    it('lists the leases under a prefix, each live or not by its clock, and only those', async () => {
      held(await leases.takeOrRenew('probe/mtl/shard/0', A, 10_000));
      held(await leases.takeOrRenew('probe/mtl/member/a', A, 1_000));
      held(await leases.takeOrRenew('probe/mtl/shard/1', B, 10_000));
      held(await leases.takeOrRenew('probe/mtl_east/shard/0', B, 10_000));
      held(await leases.takeOrRenew('notifications', B, 10_000));
      await leases.release('probe/mtl/shard/1', B);
      now = T0 + 1_000;
      expect(await leases.list('probe/mtl/')).toEqual([
        { name: 'probe/mtl/member/a', holder: A, fence: 1, takenAt: T0, expiresAt: T0 + 1_000, live: false },
        { name: 'probe/mtl/shard/0', holder: A, fence: 1, takenAt: T0, expiresAt: T0 + 10_000, live: true },
        { name: 'probe/mtl/shard/1', holder: null, fence: 1, takenAt: T0, expiresAt: T0, live: false },
      ]);
      expect(await leases.list('probe/van/')).toEqual([]);
    });

    it('forgets under a prefix only the leases expired long enough', async () => {
      held(await leases.takeOrRenew('probe/mtl/member/a', A, 1_000));
      held(await leases.takeOrRenew('probe/mtl/member/b', B, 60_000));
      held(await leases.takeOrRenew('probe/mtl_x/member/c', B, 1_000));
      now = T0 + 1_000 + 3_600_000 - 1;
      expect(await leases.forgetExpired('probe/mtl/member/', 3_600_000)).toBe(0);
      now = T0 + 1_000 + 3_600_000;
      expect(await leases.forgetExpired('probe/mtl/member/', 3_600_000)).toBe(1);
      expect((await leases.list('probe/')).map((lease) => lease.name)).toEqual(['probe/mtl/member/b', 'probe/mtl_x/member/c']);
    });

    it('refuses a time to live that is not a whole number of milliseconds', async () => {
      expect(() => leases.takeOrRenew('notifications', A, 0)).toThrow(RangeError);
      expect(() => leases.takeOrRenew('notifications', A, 1.5)).toThrow(RangeError);
    });
  });
}
