import { serve, type ServerType } from '@hono/node-server';
import type { Config } from '../config/types.ts';
import type { Prober } from '../prober/prober.ts';
import { acquireDaemonLock, startHeartbeat, type DaemonLock } from '../store/daemon-lock.ts';
import { DatabaseWrites } from '../store/database-writes.ts';
import { openDatabase, type OpenDatabase } from '../store/database.ts';
import { reload, type ReloadOutcome } from './reload.ts';
import { createRuntime, type Runtime, type RuntimeBase } from './runtime.ts';
import { newHolderId } from '../lease/holder-id.ts';
import { leasesOf } from '../lease/lease-store.ts';
import { startOnceOnlyWork, type OnceOnlyWork } from './once-only-work.ts';

export interface DaemonOptions {
  readonly config: Config;
  /** Where `config` was read from: what a reload re-reads (and what enables POST /api/v1/admin/reload). */
  readonly configFile?: string;
  readonly dbFile: string;
  readonly port: number;
  readonly host: string;
  readonly probe: boolean;
  readonly clock?: () => number;
}

export interface RunningDaemon {
  readonly port: number;
  readonly database: OpenDatabase;
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
 * The composition root: opens the database (taking the daemon lock), serves the runtime built
 * from the configuration (src/daemon/runtime.ts: notifier, HTTP app, prober), and on reload
 * serves a new one on the same socket, database and lock.
 */
export async function startDaemon(options: DaemonOptions): Promise<RunningDaemon> {
  const clock = options.clock ?? Date.now;
  const database = openDatabase(options.dbFile);
  let lock: DaemonLock;
  try {
    lock = acquireDaemonLock(database.sqlite, clock());
  } catch (error) {
    database.close();
    throw error;
  }
  // Whether the database takes writes: the heartbeat, the results and the API report to it.
  const writes = new DatabaseWrites({ clock });
  const heartbeat = startHeartbeat(lock, { clock, writes });
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
      return reload(base, current, configFile, (next) => (current = next)).then((outcome) => {
        if (outcome.ok) work?.configurationChanged();
        return outcome;
      });
    });
  const base: RuntimeBase = { database, writes, clock, probe: options.probe, reloadConfig: options.configFile === undefined ? undefined : () => reloadFile() };
  let first: Runtime | null = null;
  let work: OnceOnlyWork | null = null;
  try {
    current = first = createRuntime(base, options.config);
    // Requests go to whichever runtime is current: a reload swaps the app, not the socket.
    const server = await listen((request, env) => current.app.fetch(request, env), options.port, options.host);
    try {
      await current.startProbing();
    } catch (error) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw error;
    }
    // Notifications, alerts, retention and closing the outages of removed checks, probing or
    // not, each only while this process holds its lease (each reads the configuration in force).
    // The daemon lock says no other daemon uses this file: leases a killed one left are free now,
    // rather than in WORK_LEASE_TTL_MS.
    const leases = leasesOf(database.store);
    await leases.freeAll().catch((error: unknown) => console.error('leases: could not free those of a previous daemon:', error));
    work = startOnceOnlyWork({ database, leases, holder: newHolderId(), runtime: () => current, clock });
    await work.ready;
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    return {
      port,
      database,
      config: () => current.config,
      prober: () => current.prober(),
      reload: reloadFile,
      stop() {
        stopped ??= serially(async () => {
          heartbeat.stop();
          await work?.stop();
          await current.stop();
          await new Promise<void>((resolve) => server.close(() => resolve()));
          lock.release();
          database.close();
        });
        return stopped;
      },
    };
  } catch (error) {
    heartbeat.stop();
    await work?.stop();
    await first?.stop();
    lock.release();
    database.close();
    throw error;
  }
}

function listen(fetch: Parameters<typeof serve>[0]['fetch'], port: number, hostname: string): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, () => resolve(server));
    server.once('error', reject);
  });
}
