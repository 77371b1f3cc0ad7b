import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DrizzleQueryError, type SQL } from 'drizzle-orm';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './postgres-schema/index.ts';
import { DatabaseOpenError } from './database.ts';
import { withoutPassword } from './database-url.ts';

/** A PostgreSQL database through drizzle, whichever driver: a server (node-postgres) or PGlite in tests. */
export type PostgresDb = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface OpenPostgres {
  readonly db: PostgresDb;
  close(): Promise<void>;
}

export const POSTGRES_MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), 'postgres-migrations');

/**
 * Connects to the PostgreSQL database a `postgres://` URL names. `schema`: `existing` brings the
 * schema of a database veille already holds up to date and refuses one where it has none
 * (reading must not create a store); `create` creates veille's tables in an empty database or
 * brings them up to date (the daemon's processes, several of which may start at once);
 * `untouched` leaves it as it is (migratePostgres then).
 * A server that cannot be reached, or refuses the user, is a DatabaseOpenError naming the URL
 * without its password.
 */
export async function openPostgres(url: string, options: { schema: 'existing' | 'create' | 'untouched' }): Promise<OpenPostgres> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle connection the server drops must not end the process: the next query reconnects.
  pool.on('error', () => undefined);
  const db = drizzle(pool, { schema });
  try {
    await pool.query('select 1');
    if (options.schema === 'existing') {
      const found = await pool.query("select to_regclass('environments_seen') is not null as found");
      if (!found.rows[0]?.found) throw new Error('it holds no veille database (veille migrate copies a SQLite one there)');
      await migratePostgres(db);
    }
    if (options.schema === 'create') await migrateOnce(pool);
  } catch (error) {
    await pool.end();
    throw new DatabaseOpenError(withoutPassword(url), error);
  }
  return { db, close: () => pool.end() };
}

/** Creates veille's tables, or brings them up to date (the committed migrations of src/store/postgres-migrations). */
export async function migratePostgres(db: PostgresDb): Promise<void> {
  await migrate(db as Parameters<typeof migrate>[0], { migrationsFolder: POSTGRES_MIGRATIONS });
}

/** The key of the session-level advisory lock under which a process migrates: one process at a time. */
const MIGRATE_LOCK = 0x7665_696d; // "veim"

/**
 * Migrates on one connection holding MIGRATE_LOCK: processes starting together on an empty
 * database would otherwise each create the same tables, and all but one fail.
 */
async function migrateOnce(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATE_LOCK]);
    try {
      await migratePostgres(drizzle(client, { schema }));
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATE_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** The rows a raw SQL statement returns: node-postgres and PGlite both answer with `rows`. */
export async function queryRows<T>(db: PostgresDb, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as { rows: T[] }).rows;
}

/**
 * What PostgreSQL said when it refused a statement (a permission, a lost connection), for a one-line
 * message; null for any other error, which is veille's own.
 */
export function postgresRefusal(error: unknown): string | null {
  const cause = error instanceof DrizzleQueryError ? error.cause : error;
  if (cause instanceof pg.DatabaseError) return cause.message;
  if (cause instanceof Error && /^Connection terminated|ECONNRESET|ECONNREFUSED|EPIPE/.test(cause.message)) return cause.message;
  return null;
}
