import { probedFrom } from '../config/probed-from.ts';
import type { CheckConfig, Config } from '../config/types.ts';
import { newHolderId } from '../lease/holder-id.ts';
import { leasesOf, type Leases } from '../lease/lease-store.ts';
import type { Prober, StoreProberOptions } from '../prober/prober.ts';
import type { Store } from '../store/store.ts';
import { keepShards, type ShardKeeper, type ShardKeeperOptions } from './shard-keeper.ts';
import { shardOf } from './shard-of.ts';
import { shardWriteFence } from './write-fence.ts';

export interface LocationShareOptions {
  readonly store: Store;
  readonly location: string;
  /** How long a shard lease lasts (src/share/shard-ttl.ts); a function when a reload may change it, read at each turn. */
  readonly ttlMs: number | (() => number);
  readonly log?: (line: string) => void;
  /** The store's leases on the database's clock unless a test gives them on its own. */
  readonly leases?: Leases;
  /** A test's holder id, monotonic time and turns (src/share/shard-keeper.ts). */
  readonly keeper?: Pick<ShardKeeperOptions, 'holder' | 'timers' | 'schedule'>;
}

export interface LocationShare {
  /** This prober's holder id, its shards' and its fence's. */
  readonly holder: string;
  /** What the location's prober is opened with (openProber): which checks it may probe now, the fencing number each probe carries, and the fence its writes pass. */
  readonly probing: Required<Pick<StoreProberOptions, 'mayProbe' | 'fenceOf' | 'writeFence'>>;
  /**
   * Starts keeping the location's shards for `prober()`, whose checks are `checks()`: both read
   * at each handover, since a daemon's prober and checks change with each reload. While none
   * runs (null), shards given up have nothing left to write, and shards taken are released.
   */
  keep(prober: () => Pick<Prober, 'adopt' | 'settle'> | null, checks: () => readonly string[]): ShardKeeper;
}

/**
 * One prober's part in sharing a location's checks by shard with its other probers, whichever
 * process runs it (`veille probe`, or `veille start` on a database shared by several): its
 * prober probes the checks of the shards it holds (src/share/shard-keeper.ts), and writes only
 * the results of shards still its own (src/share/write-fence.ts).
 */
export function shareLocation(options: LocationShareOptions): LocationShare {
  const { store, location, ttlMs } = options;
  const log = options.log ?? ((line: string) => console.error(line));
  const leases = options.leases ?? leasesOf(store);
  const holder = options.keeper?.holder ?? newHolderId();
  // A check's shard, a hash of its id, computed once per check (it is asked at every probe).
  const shards = new Map<string, number>();
  const shardOfCheck = (checkId: string) => {
    let shard = shards.get(checkId);
    if (shard === undefined) shards.set(checkId, (shard = shardOf(checkId)));
    return shard;
  };
  let keeper: ShardKeeper | null = null;
  return {
    holder,
    probing: {
      mayProbe: (checkId) => keeper !== null && keeper.mayProbe(shardOfCheck(checkId)),
      fenceOf: (checkId) => keeper?.fenceOf(shardOfCheck(checkId)),
      writeFence: shardWriteFence({ leases, location, holder, shardOf: shardOfCheck, log }),
    },
    keep(prober, checks) {
      const checksOf = (held: readonly number[]) => {
        const wanted = new Set(held);
        return checks().filter((checkId) => wanted.has(shardOfCheck(checkId)));
      };
      keeper = keepShards(
        { ...options.keeper, leases, location, ttlMs, holder, log },
        {
          adopt: async (held) => {
            const current = prober();
            // Between two probers (a daemon's reload): the next reads its checks' states as it opens, perhaps before
            // these shards changed hands. Refused, the shards are released, to be taken again once it runs.
            if (!current) throw new Error('no prober runs now (a new configuration is starting)');
            await current.adopt(checksOf(held));
          },
          settle: async (held) => prober()?.settle(checksOf(held)),
        },
      );
      return keeper;
    },
  };
}

/** The checks a location probes and their ids, refusing a location the configuration does not name (src/config/probed-from.ts). */
export function checkIdsProbedFrom(config: Config, location: string): { checks: CheckConfig[]; ids: string[] } {
  const checks = probedFrom(config, location).environments.flatMap((environment) => environment.checks);
  return { checks, ids: checks.map((check) => check.id) };
}
