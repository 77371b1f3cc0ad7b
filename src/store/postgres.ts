import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './postgres-schema/index.ts';
import { DatabaseOpenError } from './database.ts';

/** A PostgreSQL database through drizzle, whichever driver: a server (node-postgres) or PGlite in tests. */
export type PostgresDb = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface OpenPostgres {
  readonly db: PostgresDb;
  close(): Promise<void>;
}

export const POSTGRES_MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), 'postgres-migrations');

/**
 * Connects to the PostgreSQL database a `postgres://` URL names and brings its schema up to date.
 * A server that cannot be reached, or refuses the user, is a DatabaseOpenError naming the URL
 * without its password.
 */
export async function openPostgres(url: string): Promise<OpenPostgres> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle connection the server drops must not end the process: the next query reconnects.
  pool.on('error', () => undefined);
  const db = drizzle(pool, { schema });
  try {
    await pool.query('select 1');
    await migrate(db, { migrationsFolder: POSTGRES_MIGRATIONS });
  } catch (error) {
    await pool.end();
    throw new DatabaseOpenError(withoutPassword(url), error);
  }
  return { db, close: () => pool.end() };
}

/** The URL as it may be printed: a password in it becomes `***`. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
  }
}
