import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres, openPostgres } from '../../src/store/postgres.ts';
import { NO_POSTGRES_SERVER, postgresBinaries, startPostgresCluster, type PostgresCluster } from '../support/postgres.ts';
import { expectOneLineError, veille } from '../support/run-veille.ts';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';

// `veille maintenance …` on a PostgreSQL server as on a SQLite file: the same commands, run as
// a user runs them, give the same windows (only the instants the clock stamped differ).

const binaries = postgresBinaries();
if (!binaries) console.warn(NO_POSTGRES_SERVER);

describe.skipIf(!binaries)(`veille maintenance --db postgres://… (${binaries ?? NO_POSTGRES_SERVER})`, () => {
  let cluster: PostgresCluster;
  let cwd: string;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    cwd = mkdtempSync(join(tmpdir(), 'veille-maintenance-pg-'));
    writeFileSync(join(cwd, 'monitor.config.yaml'), TEST_CONFIG_YAML);
  });
  afterAll(() => cluster?.stop());

  /** add, reschedule, cancel and list on one database, each a process; what each printed, the clock's instants masked. */
  async function session(db: string): Promise<string[]> {
    const steps = [
      ['add', '--env', 'globex-prod', '--env', 'acme-prod', '--start', '2030-01-10T22:00:00-05:00', '--duration', '2h', '--impact', 'Database upgrade'],
      ['add', '--env', 'acme-prod', '--start', '2030-02-10T22:00:00-05:00', '--end', '2030-02-10T23:00:00-05:00', '--impact', 'Storage', '--notice-sent-at', '2026-01-05T09:00:00-05:00', '--notice-ref', 'AV-7'],
      ['reschedule', '--id', '1', '--start', '2030-01-11T22:00:00-05:00', '--duration', '90m', '--reason', 'Vendor delay'],
      ['cancel', '--id', '2', '--reason', 'Postponed'],
      ['list'],
      ['list', '--json', '--from', '2030-01-01T00:00:00-05:00', '--to', '2030-01-31T00:00:00-05:00'],
    ];
    const printed: string[] = [];
    for (const step of steps) {
      const result = await veille(['maintenance', ...step, '--db', db], { cwd });
      expect(result.stderr, step.join(' ')).toBe('');
      expect(result.code).toBe(0);
      printed.push(result.stdout.replace(/20(2\d)-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/g, (iso, decade: string) => (decade.startsWith('2') && !iso.startsWith('2026-01-05') ? '<now>' : iso)));
    }
    return printed;
  }

  it('registers, reschedules, cancels and lists windows as it does on SQLite', { timeout: 300_000 }, async () => {
    const url = await cluster.createDatabase('maintenance');
    const opened = await openPostgres(url, { schema: 'untouched' });
    await migratePostgres(opened.db);
    await opened.close();
    const onPostgres = await session(url);
    expect(onPostgres[0]).toMatch(/^Registered maintenance window 1: \[upcoming\] {2}acme-prod,globex-prod {2}2030-01-10T22:00:00-05:00 → 2030-01-11T00:00:00-05:00/);
    expect(onPostgres).toEqual(await session(join(cwd, 'veille.db')));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const audit = await client.query('select action, target from audit_log order by id');
      expect(audit.rows).toEqual([
        { action: 'maintenance.create', target: 'maintenance:1' },
        { action: 'maintenance.create', target: 'maintenance:2' },
        { action: 'maintenance.reschedule', target: 'maintenance:1' },
        { action: 'maintenance.cancel', target: 'maintenance:2' },
      ]);
    } finally {
      await client.end();
    }
  });

  it("takes the configuration's database, and refuses a database veille holds nothing in, creating no table", { timeout: 120_000 }, async () => {
    const url = await cluster.createDatabase('empty');
    const dir = mkdtempSync(join(tmpdir(), 'veille-maintenance-pg-config-'));
    writeFileSync(join(dir, 'monitor.config.yaml'), `database: "${url}"\n${TEST_CONFIG_YAML}`);
    const refused = await veille(['maintenance', 'list'], { cwd: dir });
    expectOneLineError(refused, 'veille maintenance list: database (monitor.config.yaml): cannot use');
    expect(refused.stderr).toContain('it holds no veille database');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect((await client.query("select count(*)::int as n from information_schema.tables where table_schema = 'public'")).rows).toEqual([{ n: 0 }]);
    } finally {
      await client.end();
    }
  });
});
