import { getTableName, is, sql, Table } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { postgresDialect, sqliteDialect, type AnyDialect } from '../../src/store/any-dialect.ts';
import { assertEmptyTarget, copyTables, TargetNotEmptyError } from '../../src/store/copy-to-postgres.ts';
import { openDatabase, type OpenDatabase } from '../../src/store/database.ts';
import * as sqliteTables from '../../src/store/schema/index.ts';
import { openPglite } from '../support/postgres.ts';
import { seedEveryTable } from './every-table-fixture.ts';

const opened: { close(): unknown }[] = [];
afterEach(async () => {
  for (const database of opened.splice(0)) await database.close();
});

async function stores() {
  const source: OpenDatabase = openDatabase(':memory:');
  const target = await openPglite();
  opened.push(source, target);
  return { source, target };
}

/** Every row of every table, as drizzle reads it, in a stable order. */
async function contents({ db, t }: AnyDialect): Promise<Record<string, unknown[]>> {
  const tables = Object.entries(t).filter(([, value]) => is(value, Table)) as [keyof typeof t, Table][];
  const result: Record<string, unknown[]> = {};
  for (const [key] of tables) {
    const rows: unknown[] = await db.select().from(t[key] as typeof sqliteTables.outages);
    result[getTableName(t[key] as Table)] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return result;
}

describe('copying a SQLite database into PostgreSQL', () => {
  it('copies every row of every table, values as read (JSON, flags, nulls, text), with counts per table', async () => {
    const { source, target } = await stores();
    await seedEveryTable(sqliteDialect(source.db));
    await assertEmptyTarget(target.db);
    const counts = await target.db.transaction((tx) => copyTables(source.sqlite, tx));
    const expected = await contents(sqliteDialect(source.db));
    // The fixture fills every table, so a table added to the schema and not copied is caught here.
    expect(Object.values(expected).every((rows) => rows.length > 0)).toBe(true);
    expect(Object.fromEntries(counts.map((count) => [count.table, count.rows]))).toEqual(Object.fromEntries(Object.entries(expected).map(([table, rows]) => [table, rows.length])));
    expect(await contents(postgresDialect(target.db))).toEqual(expected);
    // Parents come before the tables that refer to them.
    const order = counts.map((count) => count.table);
    expect(order.indexOf('outages')).toBeLessThan(order.indexOf('exclusions'));
    expect(order.indexOf('maintenance_versions')).toBeLessThan(order.indexOf('notification_outbox'));
  });

  it('leaves each identity after the copied ids, so new rows do not collide', async () => {
    const { source, target } = await stores();
    await seedEveryTable(sqliteDialect(source.db));
    await target.db.transaction((tx) => copyTables(source.sqlite, tx));
    const { db, t } = postgresDialect(target.db);
    const [added] = await db.insert(t.outages).values({ checkId: 'acme-web', envId: 'acme-prod', start: 1, end: 2, source: 'manual', createdAt: 1 }).returning({ id: t.outages.id });
    expect(added!.id).toBe(7);
  });

  it('refuses a target holding rows, or tables veille did not create', async () => {
    const { source, target } = await stores();
    await seedEveryTable(sqliteDialect(source.db));
    await target.db.transaction((tx) => copyTables(source.sqlite, tx));
    await expect(assertEmptyTarget(target.db)).rejects.toThrow(TargetNotEmptyError);
    await expect(assertEmptyTarget(target.db)).rejects.toThrow(/^its table \w+ already holds rows; give an empty database$/);

    const other = await openPglite();
    opened.push(other);
    await other.db.execute(sql`create table invoices (id integer)`);
    await expect(assertEmptyTarget(other.db)).rejects.toThrow('it holds tables veille did not create (public.invoices); give an empty database');
  });
});
