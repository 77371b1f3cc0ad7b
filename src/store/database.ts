import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema/index.ts';
import { sqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';
import { isPostgresUrl, postgresNotAvailable, withoutPassword } from './database-url.ts';

/** The database or a transaction on it: repositories accept either, so callers choose the transaction. */
export type Db = BaseSQLiteDatabase<'sync', Database.RunResult, typeof schema>;

export interface OpenDatabase {
  readonly db: Db;
  readonly sqlite: Database.Database;
  /** The same database behind the asynchronous seam every area converted to it writes through. */
  readonly store: Store;
  close(): void;
}

const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Opens (creating if needed) the SQLite file and brings its schema up to date.
 * WAL lets the status page read while the prober writes; busy_timeout makes a writer wait
 * for another instead of failing; foreign keys keep exclusions tied to real outages.
 */
export function openDatabase(file: string): OpenDatabase {
  if (isPostgresUrl(file)) throw new DatabaseOpenError(withoutPassword(file), new Error(postgresNotAvailable(file)));
  let sqlite: Database.Database | undefined;
  try {
    if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
    sqlite = new Database(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
  } catch (error) {
    sqlite?.close();
    throw new DatabaseOpenError(file, error);
  }
  const opened = sqlite;
  const db = drizzle(opened, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS });
  return { db, sqlite: opened, store: sqliteStore({ db, sqlite: opened }), close: () => opened.close() };
}

/** The file cannot be used as a database (a directory, another kind of file, no permission). */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`cannot use ${file} as the database: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
