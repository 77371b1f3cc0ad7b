import { hostname } from 'node:os';
import type { Database } from 'better-sqlite3';
import { SQLITE_NOW_MS } from '../lease/lease-clock.ts';
import { memberPrefix } from '../share/shard-keeper.ts';
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

// Why a SQLite file has one prober per location: the daemon lock's `probing` and the memberships
// of `veille probe` processes (src/share/shard-keeper.ts) are read against each other.
const TWICE = 'two probers of one location on one SQLite file would probe each of its checks twice';

/**
 * Takes ownership of the database for one daemon. A second daemon on the same file refuses
 * to start: two probers would write duplicate results and outages. The lock is a row, taken
 * in an IMMEDIATE transaction so two daemons starting together cannot both win; a holder that
 * was killed (`kill -9`) is detected by its pid (same host) or a stale heartbeat.
 *
 * `probing` is the location whose every check the daemon probes (null with --no-probe): it is
 * refused while a `veille probe` of that location runs on the file (its membership is live and,
 * on this host, its process alive), and recorded in the row, for a `veille probe` starting later
 * to refuse in turn (joinFileProbers). Both read and write in one IMMEDIATE transaction, so a
 * daemon and a `veille probe` starting together cannot both probe.
 */
export function acquireDaemonLock(sqlite: Database, now: number, isAlive = processIsAlive, probing: string | null = null): DaemonLock {
  const host = hostname();
  const pid = process.pid;
  let replaced: DaemonLock['replaced'] = null;
  const take = sqlite.transaction(() => {
    const holder = lockHolder(sqlite);
    if (holder) {
      if (!holderGone(holder, host, now, isAlive)) {
        throw new DaemonLockError(
          `another veille daemon (pid ${holder.pid} on ${holder.host}, started ${new Date(holder.startedAt).toISOString()}) is using this database; stop it first or use another --db file`,
        );
      }
      replaced = { host: holder.host, pid: holder.pid };
    }
    if (probing !== null) {
      const prober = liveMembers(sqlite, probing, host, isAlive)[0];
      if (prober) {
        throw new DaemonLockError(
          `veille start: --db: veille probe (pid ${prober.pid} on ${prober.host}) probes location ${probing} on this database, and ${TWICE}: stop it, or start with --no-probe beside it`,
        );
      }
    }
    sqlite
      .prepare(
        'INSERT INTO daemon_lock (id, pid, host, started_at, heartbeat_at, probing) VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET pid = excluded.pid, host = excluded.host, started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at, probing = excluded.probing',
      )
      .run(pid, host, now, now, probing);
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

/**
 * A `veille probe` of `location` joining the probers of a SQLite file: refused while the file's
 * daemon (`veille start`, not --no-probe) probes every check of that location; otherwise its
 * membership is written at once, so that a daemon starting later sees it. To be called inside a
 * write transaction on `sqlite` (the store's), which makes the read and the write one step.
 * `membership` is the lease its shard keeper renews from then on.
 */
export function joinFileProbers(sqlite: Database, location: string, membership: { name: string; holder: string; ttlMs: number }, now: number, isAlive = processIsAlive): void {
  const holder = lockHolder(sqlite);
  if (holder && holder.probing === location && !holderGone(holder, hostname(), now, isAlive)) {
    throw new DaemonLockError(
      `veille probe: --db: veille start (pid ${holder.pid} on ${holder.host}) probes location ${location} on this database, and ${TWICE}: run veille start --no-probe beside veille probe, or veille start alone`,
    );
  }
  sqlite
    .prepare(
      `INSERT INTO leases (name, holder, fence, taken_at, expires_at) VALUES (?, ?, 1, ${SQLITE_NOW_MS}, ${SQLITE_NOW_MS} + ?) ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, fence = fence + 1, taken_at = excluded.taken_at, expires_at = excluded.expires_at`,
    )
    .run(membership.name, membership.holder, membership.ttlMs);
}


interface LockHolder {
  pid: number;
  host: string;
  startedAt: number;
  heartbeatAt: number;
  probing: string | null;
}

function lockHolder(sqlite: Database): LockHolder | undefined {
  return sqlite.prepare('SELECT pid, host, started_at AS startedAt, heartbeat_at AS heartbeatAt, probing FROM daemon_lock WHERE id = 1').get() as LockHolder | undefined;
}

function holderGone(holder: LockHolder, host: string, now: number, isAlive: (pid: number) => boolean): boolean {
  return holder.host === host ? !isAlive(holder.pid) : now - holder.heartbeatAt > STALE_AFTER_MS;
}

/** The `veille probe` processes of `location` with a live membership (memberLeaseName: HOST:PID:RANDOM after the prefix), less those of this host that are gone. */
function liveMembers(sqlite: Database, location: string, host: string, isAlive: (pid: number) => boolean): { host: string; pid: number }[] {
  const prefix = memberPrefix(location);
  const rows = sqlite
    .prepare(`SELECT holder FROM leases WHERE substr(name, 1, ?) = ? AND holder IS NOT NULL AND expires_at > ${SQLITE_NOW_MS} ORDER BY name`)
    .all(prefix.length, prefix) as { holder: string }[];
  return rows
    .map(({ holder }) => {
      const parts = holder.split(':');
      return { host: parts.slice(0, -2).join(':'), pid: Number(parts.at(-2)) };
    })
    .filter((member) => member.host !== host || isAlive(member.pid));
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
