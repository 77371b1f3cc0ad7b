import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { Db } from './database.ts';
import type { PostgresDb } from './postgres.ts';
import * as postgresTables from './postgres-schema/index.ts';
import * as sqliteTables from './schema/index.ts';

export type Tables = typeof sqliteTables;

/**
 * A database of either dialect with its tables, for queries written once for both. drizzle's
 * query builders of both dialects take the same tables, columns and conditions and are awaited
 * alike (a synchronous SQLite query runs when awaited), and the PostgreSQL tables twin the SQLite
 * ones column for column, with the same JavaScript values once read (numbers, strings, booleans,
 * JSON values; test/store/schema-twins.test.ts). So such queries are typed against the SQLite
 * tables, which lets TypeScript check them, and the tests run them on SQLite, PGlite and a
 * PostgreSQL server. Only what both dialects build alike belongs here: selects, joins, the
 * comparison operators, order, limit, plain inserts (no `.get()`, `.all()`, `.run()`, prepared
 * statements or upserts).
 */
export interface AnyDialect {
  readonly db: BaseSQLiteDatabase<'async', unknown, Tables>;
  readonly t: Tables;
}

export function sqliteDialect(db: Db): AnyDialect {
  return { db: db as unknown as AnyDialect['db'], t: sqliteTables };
}

export function postgresDialect(db: PostgresDb): AnyDialect {
  return { db: db as unknown as AnyDialect['db'], t: postgresTables as unknown as Tables };
}
