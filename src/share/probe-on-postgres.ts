import { withoutPassword } from '../store/database-url.ts';
import { SQLITE_ONLY_AREAS } from '../daemon/sqlite-only-areas.ts';

/**
 * Why `veille probe` refuses this PostgreSQL URL today, in one line; null once what it writes
 * goes through the store. It needs nothing else of the daemon's areas
 * (src/daemon/sqlite-only-areas.ts): no pages, no API, none of the work done once. With
 * configured locations (`located`) its results make the location's own timeline, written
 * through the store on either database; without them they open the check's outages, which
 * need the prober's batches on the store.
 */
export function probeOnPostgresRefusal(url: string, located: boolean): string | null {
  if (located) return null;
  const prober = SQLITE_ONLY_AREAS.filter((area) => area.startsWith("the prober's"));
  if (prober.length === 0) return null;
  return `${withoutPassword(url)} names a PostgreSQL database, and veille probe cannot run on one yet without locations in the configuration: still on SQLite alone: ${prober.join('; ')} (name the locations, or give a SQLite file)`;
}
