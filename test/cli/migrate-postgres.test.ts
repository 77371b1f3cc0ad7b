import { is, Table } from 'drizzle-orm';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteDialect } from '../../src/store/any-dialect.ts';
import { openDatabase } from '../../src/store/database.ts';
import * as sqliteTables from '../../src/store/schema/index.ts';
import { NO_POSTGRES_SERVER, postgresBinaries, startPostgresCluster, type PostgresCluster } from '../support/postgres.ts';
import { expectOneLineError, veille } from '../support/run-veille.ts';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';
import { seedEveryTable } from '../store/every-table-fixture.ts';

// `veille migrate` and `veille report` against a real PostgreSQL server, as a user runs them:
// a dozen processes in a test, each compiling TypeScript at start, so a loaded machine needs minutes.

const binaries = postgresBinaries();
if (!binaries) console.warn(NO_POSTGRES_SERVER);

describe.skipIf(!binaries)(`veille migrate into PostgreSQL, then veille report from it (${binaries ?? NO_POSTGRES_SERVER})`, () => {
  let cluster: PostgresCluster;
  let cwd: string;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    cwd = mkdtempSync(join(tmpdir(), 'veille-migrate-'));
    writeFileSync(join(cwd, 'monitor.config.yaml'), TEST_CONFIG_YAML);
    const database = openDatabase(join(cwd, 'veille.db'));
    await seedEveryTable(sqliteDialect(database.db));
    database.close();
  });
  afterAll(() => cluster?.stop());

  it('copies every table with its count, proves the reports, and then reports from PostgreSQL as from SQLite', { timeout: 240_000 }, async () => {
    const url = await cluster.createDatabase('migrated');
    const migrated = await veille(['migrate', '--from', 'veille.db', '--to', url], { cwd });
    expect(migrated.stderr).toBe('');
    expect(migrated.code).toBe(0);
    const lines = migrated.stdout.trim().split('\n');
    expect(lines[0]).toBe(`veille migrate: copied veille.db into ${url}`);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}outages +6 rows$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}audit_log +2 rows$/));
    expect(lines.filter((line) => /^ {2}\w+ +\d+ rows?$/.test(line))).toHaveLength(Object.values(sqliteTables).filter((value) => is(value, Table)).length);
    // Months from the first environment seen (December 2025) to now.
    expect(lines.at(-1)).toMatch(/^veille migrate: proven: the same rows in every table, and the same \d+ monthly reports \(2025-12 to \d{4}-\d{2}\) for the 3 environments of monitor.config.yaml from both databases$/);

    for (const month of ['2026-03', '2026-04']) {
      const fromSqlite = await veille(['report', '--month', month, '--json', '--db', 'veille.db'], { cwd });
      const fromPostgres = await veille(['report', '--month', month, '--json', '--db', url], { cwd });
      expect(fromPostgres.stderr).toBe('');
      expect(fromPostgres.stdout).toBe(fromSqlite.stdout);
      expect(JSON.parse(fromPostgres.stdout).environments.length).toBe(2);
    }
    const table = await veille(['report', '--month', '2026-03', '--db', url], { cwd });
    expect(table.stdout).toBe((await veille(['report', '--month', '2026-03', '--db', 'veille.db'], { cwd })).stdout);

    // A second copy into the same database is refused, and changes nothing.
    expectOneLineError(await veille(['migrate', '--from', 'veille.db', '--to', url], { cwd }), `veille migrate: --to: ${url} is not empty: its table`);
    expect((await veille(['report', '--month', '2026-03', '--json', '--db', url], { cwd })).stdout).toBe(
      (await veille(['report', '--month', '2026-03', '--json', '--db', 'veille.db'], { cwd })).stdout,
    );
  });

  it('refuses in one line: a report from a database veille holds nothing in, a missing source, a file as --to, an unreachable server', { timeout: 180_000 }, async () => {
    const empty = await cluster.createDatabase('empty');
    expectOneLineError(await veille(['report', '--month', '2026-03', '--db', empty], { cwd }), 'veille report: --db: cannot use postgres://veille@/empty');
    expectOneLineError(await veille(['report', '--month', '2026-03', '--db', empty], { cwd }), 'it holds no veille database (veille migrate copies a SQLite one there)');
    expectOneLineError(await veille(['migrate', '--from', 'missing.db', '--to', empty], { cwd }), 'veille migrate: --from: no database at missing.db');
    expectOneLineError(await veille(['migrate', '--from', 'veille.db', '--to', 'copy.db'], { cwd }), 'veille migrate: --to: copy.db is not a PostgreSQL URL');
    expectOneLineError(await veille(['migrate', '--from', 'veille.db'], { cwd }), 'veille migrate: --to URL is required');
    const unreachable = `postgres://veille:s3cret@/nothing?host=${encodeURIComponent(join(cwd, 'no-socket'))}`;
    const refused = await veille(['migrate', '--from', 'veille.db', '--to', unreachable], { cwd });
    expectOneLineError(refused, 'veille migrate: --to: cannot use postgres://veille:***@/nothing');
    expect(refused.stderr).not.toContain('s3cret');
    expect(readdirSync(cwd).sort()).toEqual(['monitor.config.yaml', 'veille.db', 'veille.db-shm', 'veille.db-wal'].filter((name) => readdirSync(cwd).includes(name)));
  });

  it('a user PostgreSQL refuses to create tables for: one line saying what PostgreSQL said, and the target left empty', async () => {
    const url = await cluster.createDatabase('guarded');
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query('create role visitor login');
    await admin.end();
    const visitor = url.replace('postgres://veille@', 'postgres://visitor@');
    const refused = await veille(['migrate', '--from', 'veille.db', '--to', visitor], { cwd });
    expectOneLineError(refused, `veille migrate: --to: PostgreSQL refused: permission denied for database guarded`);
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    const tables = await check.query("select table_name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')");
    await check.end();
    expect(tables.rows).toEqual([]);
  });
});
