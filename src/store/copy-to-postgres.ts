import { getTableColumns, getTableName, is, sql, Table } from 'drizzle-orm';
import { getTableConfig as postgresConfig, type PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import type Database from 'better-sqlite3';
import { queryRows, type PostgresDb } from './postgres.ts';
import * as postgresTables from './postgres-schema/index.ts';
import * as sqliteTables from './schema/index.ts';

// `veille migrate`: a SQLite database copied row for row into PostgreSQL's twin tables
// (src/store/postgres-schema), every value as drizzle reads it (numbers, strings, booleans, JSON).

export interface TableCount {
  readonly table: string;
  readonly rows: number;
}

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest table. */
const BATCH = 1_000;

/** The PostgreSQL database holds something: a veille table with rows, or tables veille did not create. */
export class TargetNotEmptyError extends Error {
  override name = 'TargetNotEmptyError';
}

/**
 * Refuses a target that is not empty. Empty: no table at all, or only veille's own, all without
 * a row (the schema alone, as a refused or failed copy leaves it: the copy is one transaction).
 */
export async function assertEmptyTarget(db: PostgresDb): Promise<void> {
  const veille = new Set(tableOrder().map(({ name }) => name));
  const tables = await queryRows<{ schema: string; name: string }>(
    db,
    sql`select table_schema as schema, table_name as name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`,
  );
  const foreign = tables.filter((row) => !(row.schema === 'public' && veille.has(row.name)) && !(row.schema === 'drizzle' && row.name === '__drizzle_migrations'));
  if (foreign.length > 0) {
    const listed = foreign.slice(0, 3).map((row) => `${row.schema}.${row.name}`).join(', ');
    throw new TargetNotEmptyError(`it holds tables veille did not create (${listed}${foreign.length > 3 ? ', …' : ''}); give an empty database`);
  }
  for (const row of tables.filter((row) => row.schema === 'public')) {
    const [filled] = await queryRows<{ filled: boolean }>(db, sql`select exists (select 1 from ${sql.identifier(row.name)}) as filled`);
    if (filled?.filled) throw new TargetNotEmptyError(`its table ${row.name} already holds rows; give an empty database`);
  }
}

/**
 * Copies every table of the SQLite database into the PostgreSQL one (a transaction the caller
 * holds), parents before children, then sets each identity to follow the copied ids. The caller
 * holds a read transaction on the source, so every table comes from the same instant.
 */
export async function copyTables(source: Database.Database, target: PostgresDb): Promise<TableCount[]> {
  const counts: TableCount[] = [];
  for (const { name, sqlite, postgres } of tableOrder()) {
    const columns = Object.entries(getTableColumns(sqlite));
    let batch: Record<string, unknown>[] = [];
    let rows = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      await target.insert(postgres).values(batch);
      rows += batch.length;
      batch = [];
    };
    // Raw rows, streamed (a table may not fit in memory), mapped as drizzle maps them when reading.
    for (const raw of source.prepare(`select * from "${name}"`).iterate() as IterableIterator<Record<string, unknown>>) {
      batch.push(Object.fromEntries(columns.map(([key, column]) => [key, raw[column.name] === null ? null : column.mapFromDriverValue(raw[column.name])])));
      if (batch.length === BATCH) await flush();
    }
    await flush();
    const identity = postgresConfig(postgres).columns.find((column) => column.generatedIdentity);
    if (identity) {
      const table = sql.identifier(name);
      const id = sql.identifier(identity.name);
      await target.execute(sql`select setval(pg_get_serial_sequence(${`"${name}"`}, ${identity.name}), coalesce((select max(${id}) from ${table}), 0) + 1, false)`);
    }
    counts.push({ table: name, rows });
  }
  return counts;
}

/** Rows per table in the PostgreSQL database, in the copy's order. */
export async function countRows(db: PostgresDb): Promise<TableCount[]> {
  const counts: TableCount[] = [];
  for (const { name } of tableOrder()) {
    const [result] = await queryRows<{ rows: string }>(db, sql`select count(*) as rows from ${sql.identifier(name)}`);
    counts.push({ table: name, rows: Number(result!.rows) });
  }
  return counts;
}

/** Every table with its twin, each after the tables it refers to. */
function tableOrder(): { name: string; sqlite: SQLiteTable; postgres: PgTable }[] {
  const sqliteByName = tablesByName<SQLiteTable>(sqliteTables);
  const postgresByName = tablesByName<PgTable>(postgresTables);
  const ordered: string[] = [];
  const visit = (name: string) => {
    if (ordered.includes(name)) return;
    for (const key of sqliteConfig(sqliteByName.get(name)!).foreignKeys) visit(getTableName(key.reference().foreignTable));
    ordered.push(name);
  };
  for (const name of [...sqliteByName.keys()].sort()) visit(name);
  return ordered.map((name) => ({ name, sqlite: sqliteByName.get(name)!, postgres: postgresByName.get(name)! }));
}

function tablesByName<T extends Table>(module: Record<string, unknown>): Map<string, T> {
  return new Map(
    Object.values(module)
      .filter((value): value is T => is(value, Table))
      .map((table) => [getTableName(table), table]),
  );
}
