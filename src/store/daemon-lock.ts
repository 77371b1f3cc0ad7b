import { hostname } from 'node:os';
import type { Database } from 'better-sqlite3';
import type { DatabaseWrites } from './database-writes.ts';

export class DaemonLockError extends Error {
  override name = 'DaemonLockError';
}

export interface DaemonLock {
  /** The daemon this one took the lock over from, found gone (killed, its host crashed); null when the lock was free. */
  readonly replaced: { readonly host: string; readonly pid: number } | null;
  /** Refreshes the heartbeat; called on a timer by the daemon. */
  beat(now: number): void;
  release(): void;
}

// A holder whose heartbeat is older than this is taken to be gone (killed, host crashed).
const STALE_AFTER_MS = 30_000;

/**
 * Takes ownership of the database for one daemon. A second daemon on the same file refuses
 * to start: two probers would write duplicate results and outages. The lock is a row, taken
 * in an IMMEDIATE transaction so two daemons starting together cannot both win; a holder that
 * was killed (`kill -9`) is detected by its pid (same host) or a stale heartbeat.
 */
export function acquireDaemonLock(sqlite: Database, now: number, isAlive = processIsAlive): DaemonLock {
  const host = hostname();
  const pid = process.pid;
  let replaced: DaemonLock['replaced'] = null;
  const take = sqlite.transaction(() => {
    const holder = sqlite.prepare('SELECT pid, host, started_at AS startedAt, heartbeat_at AS heartbeatAt FROM daemon_lock WHERE id = 1').get() as
      | { pid: number; host: string; startedAt: number; heartbeatAt: number }
      | undefined;
    if (holder) {
      const gone = holder.host === host ? !isAlive(holder.pid) : now - holder.heartbeatAt > STALE_AFTER_MS;
      if (!gone) {
        throw new DaemonLockError(
          `another veille daemon (pid ${holder.pid} on ${holder.host}, started ${new Date(holder.startedAt).toISOString()}) is using this database; stop it first or use another --db file`,
        );
      }
      replaced = { host: holder.host, pid: holder.pid };
    }
    sqlite
      .prepare('INSERT INTO daemon_lock (id, pid, host, started_at, heartbeat_at) VALUES (1, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET pid = excluded.pid, host = excluded.host, started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at')
      .run(pid, host, now, now);
  });
  take.immediate();
  return {
    replaced,
    beat(at: number) {
      sqlite.prepare('UPDATE daemon_lock SET heartbeat_at = ? WHERE id = 1 AND pid = ? AND host = ?').run(at, pid, host);
    },
    release() {
      sqlite.prepare('DELETE FROM daemon_lock WHERE id = 1 AND pid = ? AND host = ?').run(pid, host);
    },
  };
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const HEARTBEAT_MS = 10_000;

/**
 * Refreshes the lock's heartbeat every 10 s. A beat the database refuses (disk full, another
 * process holding the write lock past busy_timeout, read-only file) is reported to `writes`
 * and tried again later: it never throws out of the timer, which would end the daemon. While
 * writes fail, beats wait for the retry time `writes` sets, as the results do.
 */
export function startHeartbeat(lock: DaemonLock, options: { clock: () => number; writes: DatabaseWrites; everyMs?: number }): { stop(): void } {
  const timer = setInterval(() => {
    if (!options.writes.mayTry()) return;
    try {
      options.writes.attempt(() => lock.beat(options.clock()));
    } catch (error) {
      console.error('database lock: heartbeat failed:', error);
    }
  }, options.everyMs ?? HEARTBEAT_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
