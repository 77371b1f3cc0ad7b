import { listen, type ProberLoad } from '../server/listen.ts';
import type { Config } from '../config/types.ts';
import type { Prober } from '../prober/prober.ts';
import { acquireDaemonLock, startHeartbeat, type DaemonLock } from '../store/daemon-lock.ts';
import { DatabaseWrites } from '../store/database-writes.ts';
import type { OpenDatabase } from '../store/database.ts';
import type { Store } from '../store/store.ts';
import { openDaemonDatabase } from './daemon-database.ts';
import { reload, type ReloadOutcome } from './reload.ts';
import { createRuntime, type Runtime, type RuntimeBase } from './runtime.ts';
import { newHolderId } from '../lease/holder-id.ts';
import { leasesOf } from '../lease/lease-store.ts';
import { startOnceOnlyWork, type OnceOnlyWork } from './once-only-work.ts';
import { IMPLICIT_LOCATION } from '../config/types.ts';
import { checkIdsProbedFrom, shareLocation } from '../share/location-share.ts';
import type { ShardKeeper } from '../share/shard-keeper.ts';
import { shardLeaseTtlMs } from '../share/shard-ttl.ts';

export interface DaemonOptions {
  readonly config: Config;
  /** Where `config` was read from: what a reload re-reads (and what enables POST /api/v1/admin/reload). */
  readonly configFile?: string;
  /** A SQLite file, or a PostgreSQL URL (src/daemon/daemon-database.ts). */
  readonly dbFile: string;
  readonly port: number;
  readonly host: string;
  readonly probe: boolean;
  /** The location its prober probes as (docs/locations.md); the implicit one, `default`, when absent. */
  readonly location?: string;
  /** The local address its probes leave from (`--source-address`); by default the configuration's for the location. */
  readonly sourceAddress?: string;
  /**
   * `all` (veille start): on a SQLite file, the one daemon of that file (the daemon lock).
   * `http` (veille serve): pages, API and feeds beside any number of others on the database,
   * never probing and taking no daemon lock. Both do the once-only work whose lease they hold.
   */
  readonly role?: 'all' | 'http';
  readonly clock?: () => number;
}

export interface RunningDaemon {
  readonly port: number;
  /** The SQLite file the daemon runs on; absent on PostgreSQL. */
  readonly database?: OpenDatabase;
  /** The same database behind the store, whichever it is. */
  readonly store: Store;
  /** The configuration being served and probed now. */
  config(): Config;
  /** The prober of the current configuration; null with `--no-probe`. */
  prober(): Prober | null;
  /**
   * Re-reads the configuration file (by default the one the daemon was started from) and swaps
   * it in if it is valid (src/daemon/reload.ts); one reload at a time.
   */
  reload(configFile?: string): Promise<ReloadOutcome>;
  stop(): Promise<void>;
}

/**
 * The composition root: opens the database (on a SQLite file, taking the daemon lock unless it
 * only serves HTTP), serves the runtime built from the configuration (src/daemon/runtime.ts:
 * notifier, HTTP app, prober), does the once-only work whose leases it holds, and on reload
 * serves a new runtime on the same socket, database and lock. On PostgreSQL there is no daemon
 * lock: any number of processes share the database, and the leases alone say which one does
 * each piece of once-only work.
 */
export async function startDaemon(options: DaemonOptions): Promise<RunningDaemon> {
  const clock = options.clock ?? Date.now;
  const role = options.role ?? 'all';
  const opened = await openDaemonDatabase(options.dbFile);
  // On a SQLite file, the daemon lock: one `veille start` per file. On PostgreSQL none: the leases do that job.
  let lock: DaemonLock | null = null;
  try {
    // A probing daemon records its location in the lock: `veille probe` of that location refuses to run beside it.
    const probing = role === 'all' && options.probe ? (options.location ?? IMPLICIT_LOCATION) : null;
    if (role === 'all' && opened.sqlite) lock = acquireDaemonLock(opened.sqlite.sqlite, clock(), undefined, probing);
  } catch (error) {
    await opened.close();
    throw error;
  }
  // Whether the database takes writes: the heartbeat, the results and the API report to it.
  const writes = new DatabaseWrites({ clock });
  const heartbeat = lock ? startHeartbeat(lock, { clock, writes }) : { stop: () => undefined };
  // Reloads and the final stop run one after the other, never interleaved.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  };
  let stopped: Promise<void> | null = null;
  // The runtime being served; replaced by each reload that succeeds.
  let current: Runtime;
  const reloadFile = (configFile = options.configFile): Promise<ReloadOutcome> =>
    serially(() => {
      if (stopped) return Promise.reject(new Error('the daemon is stopping'));
      if (configFile === undefined) return Promise.reject(new Error('the daemon was not started from a configuration file'));
      return reload(base, current, configFile, (next) => (current = next)).then(async (outcome) => {
        if (outcome.ok) {
          await work?.configurationChanged();
          // Its shards renewed at once for the lease length of the new checks (and the next turn a quarter of it later).
          await shards?.turn();
        }
        return outcome;
      });
    });
  const probe = role === 'all' && options.probe;
  const location = options.location ?? IMPLICIT_LOCATION;
  // On PostgreSQL, other `veille start` and `veille probe` processes may probe the same location:
  // the checks are shared by shard, as among `veille probe` processes. On a SQLite file the daemon
  // lock makes this daemon the file's one `veille start`, which probes every check itself, as always.
  // The lease length follows the configuration in force: a reload adding a faster check shortens it at the next turn.
  const leaseTtlOf = lastOf((config: Config) => shardLeaseTtlMs(checkIdsProbedFrom(config, location).checks));
  const share = probe && opened.sqlite === null ? shareLocation({ store: opened.store, location, ttlMs: () => leaseTtlOf(current.config) }) : null;
  const base: RuntimeBase = {
    database: opened,
    writes,
    clock,
    probe,
    ...(options.location ? { location: options.location } : {}),
    ...(options.sourceAddress ? { sourceAddress: options.sourceAddress } : {}),
    ...(share ? { share: share.probing } : {}),
    reloadConfig: options.configFile === undefined ? undefined : () => reloadFile(),
  };
  let first: Runtime | null = null;
  let work: OnceOnlyWork | null = null;
  let shards: ShardKeeper | null = null;
  try {
    current = first = createRuntime(base, options.config);
    // Requests go to whichever runtime is current: a reload swaps the app, not the socket.
    const server = await listen({ fetch: (request, env) => current.app.fetch(request, env), ready: () => current.readyAnswers, prober: () => proberLoad(current) }, options.port, options.host);
    try {
      await current.startProbing();
      // The shards, for whichever prober is current (each reload opens a new one, reading its checks' states then).
      shards = share?.keep(() => current.prober(), () => checkIdsProbedFrom(current.config, location).ids) ?? null;
      await shards?.ready;
    } catch (error) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw error;
    }
    // Notifications, alerts, retention and closing the outages of removed checks, probing or
    // not, each only while this process holds its lease (each reads the configuration in force).
    // A daemon lock taken from a killed daemon says that one is gone: the leases it left are
    // free now, rather than in WORK_LEASE_TTL_MS (those of `veille serve` processes stay theirs).
    const leases = leasesOf(opened.store);
    if (lock?.replaced) {
      const gone = lock.replaced;
      await leases.freeAll(`${gone.host}:${gone.pid}:`).catch((error: unknown) => console.error('leases: could not free those of a previous daemon:', error));
    }
    work = startOnceOnlyWork({ store: opened.store, leases, holder: newHolderId(), runtime: () => current, clock });
    await work.ready;
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    return {
      port,
      ...(opened.sqlite ? { database: opened.sqlite } : {}),
      store: opened.store,
      config: () => current.config,
      prober: () => current.prober(),
      reload: reloadFile,
      stop() {
        stopped ??= serially(async () => {
          heartbeat.stop();
          await work?.stop();
          // The shards first: each settled (its results written) and released, for another to take at once.
          await shards?.stop();
          await current.stop();
          await new Promise<void>((resolve) => server.close(() => resolve()));
          lock?.release();
          await opened.close();
        });
        return stopped;
      },
    };
  } catch (error) {
    heartbeat.stop();
    await work?.stop();
    await shards?.stop();
    await first?.stop();
    lock?.release();
    await opened.close();
    throw error;
  }
}

/** What the admission gate reads of the runtime's prober (src/server/listen.ts). */
function proberLoad(runtime: Runtime): ProberLoad | undefined {
  return runtime.prober()?.stats();
}

/** `compute` of the configuration, worked out again only when it is another (a reload): the shard keeper asks at each turn. */
function lastOf<T>(compute: (config: Config) => T): (config: Config) => T {
  let last: { config: Config; value: T } | null = null;
  return (config) => {
    if (last?.config !== config) last = { config, value: compute(config) };
    return last.value;
  };
}
