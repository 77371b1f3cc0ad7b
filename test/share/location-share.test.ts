import { afterEach, describe, expect, it } from 'vitest';
import { leasesOf } from '../../src/lease/lease-store.ts';
import { shareLocation } from '../../src/share/location-share.ts';
import { openDatabase, type OpenDatabase } from '../../src/store/database.ts';

// A daemon's prober changes with each reload, and between the old one stopping and the new one
// opening none runs: shards taken then cannot have their checks' states restored, so they are
// released rather than probed on states read before they changed hands.

const T0 = Date.parse('2026-03-10T09:00:00-04:00');
const TTL = 4_000;

describe("a location's share while no prober runs", () => {
  let database: OpenDatabase;
  afterEach(() => database?.close());

  it('releases the shards it takes, and takes them once a prober runs', async () => {
    database = openDatabase(':memory:');
    let now = T0;
    const leases = leasesOf(database.store, () => now);
    const timers = { now: () => now, setTimeout: () => null, clearTimeout: () => undefined };
    const adopted: string[][] = [];
    let running: { adopt(ids: readonly string[]): Promise<void>; settle(): Promise<void> } | null = null;
    const share = shareLocation({ store: database.store, location: 'default', ttlMs: TTL, leases, keeper: { holder: 'a', timers, schedule: false }, log: () => undefined });
    const keeper = share.keep(() => running, () => ['web', 'api']);
    await keeper.ready;
    expect(keeper.held()).toEqual([]);
    expect(share.probing.mayProbe('web')).toBe(false);
    expect((await leases.list('probe/default/shard/')).some((lease) => lease.live)).toBe(false);

    running = { adopt: async (ids) => void adopted.push([...ids].sort()), settle: async () => undefined };
    now += 1_000;
    await keeper.turn();
    expect(keeper.held()).toHaveLength(32);
    expect(adopted).toEqual([['api', 'web']]);
    expect(share.probing.mayProbe('web')).toBe(true);
    await keeper.stop();
  });
});
