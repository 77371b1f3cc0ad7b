import { getTableName, is, Table } from 'drizzle-orm';
import { getTableConfig as pgConfig, type PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as postgres from '../../src/store/postgres-schema/index.ts';
import * as sqlite from '../../src/store/schema/index.ts';

// The two schemas must describe one database: a table or column added to one dialect only would
// make `veille migrate` lose it and the shared queries read nothing there.

/** What each SQLite column type becomes in PostgreSQL. */
const TWIN_TYPE: Record<string, string> = {
  SQLiteInteger: 'PgBigInt53',
  SQLiteBoolean: 'PgBoolean',
  SQLiteText: 'PgText',
  SQLiteTextJson: 'PgJson',
};

interface Shape {
  columns: { name: string; type: string; notNull: boolean; primary: boolean; unique: boolean; enumValues: string[] | undefined }[];
  primaryKey: string[][];
  indexes: { name: string; columns: string[]; unique: boolean }[];
  foreignKeys: { columns: string[]; table: string; foreignColumns: string[] }[];
}

const names = (columns: readonly { name: string }[]) => columns.map((column) => column.name);

function sqliteShape(table: SQLiteTable): Shape {
  const config = sqliteConfig(table);
  return {
    columns: config.columns.map((c) => ({ name: c.name, type: TWIN_TYPE[c.columnType] ?? `unmapped ${c.columnType}`, notNull: c.notNull, primary: c.primary, unique: c.isUnique, enumValues: c.enumValues })),
    primaryKey: config.primaryKeys.map((key) => names(key.columns)),
    indexes: config.indexes.map((i) => ({ name: i.config.name, columns: names(i.config.columns as { name: string }[]), unique: i.config.unique })),
    foreignKeys: config.foreignKeys.map((key) => {
      const reference = key.reference();
      return { columns: names(reference.columns), table: getTableName(reference.foreignTable), foreignColumns: names(reference.foreignColumns) };
    }),
  };
}

function postgresShape(table: PgTable): Shape {
  const config = pgConfig(table);
  return {
    columns: config.columns.map((c) => ({ name: c.name, type: c.columnType, notNull: c.notNull, primary: c.primary, unique: c.isUnique, enumValues: c.enumValues })),
    primaryKey: config.primaryKeys.map((key) => names(key.columns)),
    indexes: config.indexes.map((i) => ({ name: i.config.name!, columns: names(i.config.columns as { name: string }[]), unique: i.config.unique })),
    foreignKeys: config.foreignKeys.map((key) => {
      const reference = key.reference();
      return { columns: names(reference.columns), table: getTableName(reference.foreignTable), foreignColumns: names(reference.foreignColumns) };
    }),
  };
}

const tablesOf = <T>(module: Record<string, unknown>) =>
  new Map(Object.values(module).filter((value) => is(value, Table)).map((table) => [getTableName(table as Table), table as T]));

describe('the PostgreSQL schema twins the SQLite one', () => {
  const sqliteTables = tablesOf<SQLiteTable>(sqlite);
  const postgresTables = tablesOf<PgTable>(postgres);

  it('has the same tables', () => {
    expect(sqliteTables.size).toBeGreaterThan(20);
    expect([...postgresTables.keys()].sort()).toEqual([...sqliteTables.keys()].sort());
  });

  it.each([...sqliteTables.keys()])('%s has the same columns, keys and indexes', (name) => {
    expect(postgresShape(postgresTables.get(name)!)).toEqual(sqliteShape(sqliteTables.get(name)!));
  });
});
