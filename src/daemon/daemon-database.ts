import { isPostgresUrl } from '../store/database-url.ts';
import { openDatabase, type OpenDatabase } from '../store/database.ts';
import type { Store } from '../store/store.ts';
import { daemonOnPostgresRefusal } from './sqlite-only-areas.ts';

/** The database of a daemon's process (`veille start`, `veille serve`), whichever it is. */
export interface DaemonDatabase {
  readonly store: Store;
  /** The SQLite file: its daemon lock and its report worker's read-only connection; null on PostgreSQL. */
  readonly sqlite: OpenDatabase | null;
  /** The PostgreSQL server's URL, which the report worker opens a pool of its own to; null on SQLite. */
  readonly url: string | null;
  close(): Promise<void>;
}

/**
 * Opens a SQLite file (created if needed) or a PostgreSQL database (its tables created when it
 * is empty), bringing the schema up to date. A PostgreSQL URL is refused, creating nothing,
 * while an area of the daemon is still on SQLite alone (`refusalOf`: those the process needs; the
 * commands say so first, naming their flag).
 */
export async function openDaemonDatabase(target: string, refusalOf: (url: string) => string | null = daemonOnPostgresRefusal): Promise<DaemonDatabase> {
  if (!isPostgresUrl(target)) {
    const database = openDatabase(target);
    return { store: database.store, sqlite: database, url: null, close: async () => database.close() };
  }
  const refusal = refusalOf(target);
  if (refusal !== null) throw new Error(refusal);
  // Loaded only here: a daemon on a SQLite file never holds the PostgreSQL client.
  const [{ openPostgres }, { postgresStore }] = await Promise.all([import('../store/postgres.ts'), import('../store/postgres-store.ts')]);
  const opened = await openPostgres(target, { schema: 'create' });
  return { store: postgresStore(opened.db), sqlite: null, url: target, close: opened.close };
}
