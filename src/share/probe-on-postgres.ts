import { withoutPassword } from '../store/database-url.ts';
import { SQLITE_ONLY_AREAS } from '../daemon/sqlite-only-areas.ts';

/**
 * Why `veille probe` refuses this PostgreSQL URL today, in one line; null once the prober's
 * batches are written through the store. It needs nothing else of the daemon's areas
 * (src/daemon/sqlite-only-areas.ts): no pages, no API, none of the work done once.
 */
export function probeOnPostgresRefusal(url: string): string | null {
  const prober = SQLITE_ONLY_AREAS.filter((area) => area.startsWith("the prober's"));
  if (prober.length === 0) return null;
  return `${withoutPassword(url)} names a PostgreSQL database, and veille probe cannot run on one yet: still on SQLite alone: ${prober.join('; ')} (give a SQLite file)`;
}
