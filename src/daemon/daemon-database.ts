import { isPostgresUrl } from '../store/database-url.ts';
import { openDatabase, type OpenDatabase } from '../store/database.ts';
import type { Store } from '../store/store.ts';

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
 * is empty), bringing the schema up to date.
 */
export async function openDaemonDatabase(target: string): Promise<DaemonDatabase> {
  if (!isPostgresUrl(target)) {
    const database = openDatabase(target);
    return { store: database.store, sqlite: database, url: null, close: async () => database.close() };
  }
  // Loaded only here: a daemon on a SQLite file never holds the PostgreSQL client.
  const [{ openPostgres }, { postgresStore }] = await Promise.all([import('../store/postgres.ts'), import('../store/postgres-store.ts')]);
  const opened = await openPostgres(target, { schema: 'create' });
  return { store: postgresStore(opened.db), sqlite: null, url: target, close: opened.close };
}
