import { withoutPassword } from '../store/database-url.ts';

/**
 * The parts of the daemon still reading or writing through better-sqlite3 alone, not yet
 * through the store (src/store/store.ts) written once for both databases. While one remains,
 * `veille start` and `veille serve` refuse a PostgreSQL database, naming them all, before they
 * open it or listen: half a daemon on PostgreSQL would lose what those parts write. An area
 * moved to the store leaves this list (and src/daemon/runtime.ts stops handing it the SQLite
 * file); once the list is empty both commands run on PostgreSQL.
 */
export const SQLITE_ONLY_AREAS: readonly string[] = [];

/** Why a daemon command refuses this PostgreSQL URL today, in one line; null once every area is on the store. */
export function daemonOnPostgresRefusal(url: string): string | null {
  if (SQLITE_ONLY_AREAS.length === 0) return null;
  return `${withoutPassword(url)} names a PostgreSQL database, and the daemon cannot run on one yet: still on SQLite alone: ${SQLITE_ONLY_AREAS.join('; ')} (today PostgreSQL serves veille report --db URL, veille maintenance … --db URL, veille incident … --db URL and veille migrate --from FILE --to URL; give a SQLite file)`;
}
