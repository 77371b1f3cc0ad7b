import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOptions } from '../../src/cli/options.ts';
import { DatabaseOpenError, openDatabase } from '../../src/store/database.ts';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';
import { expectOneLineError, veille } from '../support/run-veille.ts';

describe('a PostgreSQL URL given as the database', () => {
  it('is never taken for a file name by the option parser', () => {
    for (const url of ['postgres://veille@127.0.0.1/veille', 'postgresql://veille@/veille?host=/run/postgresql', 'POSTGRES://x/y']) {
      expect(() => parseOptions('token', ['--db', url], { db: { type: 'string' } })).toThrow(/--db: .* names a PostgreSQL database/);
    }
    expect(parseOptions('report', ['--db', 'postgres://veille@/veille?host=/run/postgresql'], { db: { type: 'string' } })).toEqual({ db: 'postgres://veille@/veille?host=/run/postgresql' });
    expect(parseOptions('report', ['--db', 'data/postgres.db'], { db: { type: 'string' } })).toEqual({ db: 'data/postgres.db' });
  });

  it('is refused by the store itself rather than opened as SQLite', () => {
    expect(() => openDatabase('postgres://veille@127.0.0.1/veille')).toThrow(DatabaseOpenError);
  });

  it('is a one-line error from the command line, and no directory named postgres: appears', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'veille-pg-url-'));
    writeFileSync(join(cwd, 'monitor.config.yaml'), TEST_CONFIG_YAML);
    expectOneLineError(await veille(['token', 'create', '--role', 'viewer', '--db', 'postgres://veille@127.0.0.1/veille'], { cwd }), '--db');
    // What works on PostgreSQL today is said, and a password in the URL is not.
    const backup = await veille(['backup', '--to', 'copy.db', '--db', 'postgres://veille:s3cret@127.0.0.1/veille'], { cwd });
    expectOneLineError(backup, 'veille backup: --db: postgres://veille:***@127.0.0.1/veille names a PostgreSQL database; today veille runs there (veille start, serve and probe --db URL), reads monthly reports from it (veille report --db URL)');
    expect(backup.stderr).not.toContain('s3cret');
    // The daemon's commands open the server (port 9 on loopback: nothing answers there): one line naming the flag.
    const start = await veille(['start', '--db', 'postgres://veille:s3cret@127.0.0.1:9/veille', '--port', '0'], { cwd });
    expectOneLineError(start, 'veille start: --db: cannot use postgres://veille:***@127.0.0.1:9/veille as the database');
    expect(start.stderr).not.toContain('s3cret');
    expect(readdirSync(cwd)).toEqual(['monitor.config.yaml']);
    expect(existsSync(join(cwd, 'postgres:'))).toBe(false);
  });

  it("is overridden by --db when the configuration's database names a PostgreSQL one", async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'veille-pg-config-'));
    writeFileSync(join(cwd, 'monitor.config.yaml'), `database: "postgres://veille:s3cret@127.0.0.1/veille"\n${TEST_CONFIG_YAML}`);
    // --db wins: the file it names is the database (here, one that does not exist yet).
    expectOneLineError(await veille(['report', '--month', '2026-03', '--db', 'given.db'], { cwd }), 'veille report: --db: no database at given.db');
  });

  it("is a SQLite file when the configuration's database is a path", async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'veille-db-config-'));
    writeFileSync(join(cwd, 'monitor.config.yaml'), `database: elsewhere/veille.db\n${TEST_CONFIG_YAML}`);
    expectOneLineError(await veille(['report', '--month', '2026-03'], { cwd }), 'veille report: --db: no database at elsewhere/veille.db');
    // The other commands that read the configuration use it too.
    expectOneLineError(await veille(['incident', 'list'], { cwd }), 'elsewhere/veille.db');
    expectOneLineError(await veille(['maintenance', 'list'], { cwd }), 'elsewhere/veille.db');
  });

  it('is the database of the incident and maintenance commands when the configuration names it: a server that cannot be used is one line, and no file appears', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'veille-pg-config-'));
    // Port 9 (discard) on loopback: nothing answers PostgreSQL there.
    writeFileSync(join(cwd, 'monitor.config.yaml'), `database: "postgres://veille:s3cret@127.0.0.1:9/veille"\n${TEST_CONFIG_YAML}`);
    const added = await veille(['maintenance', 'add', '--env', 'acme-prod', '--start', '2026-03-10T20:00:00-04:00', '--duration', '1h', '--impact', 'partial'], { cwd });
    expectOneLineError(added, 'veille maintenance add: database (monitor.config.yaml): cannot use postgres://veille:***@127.0.0.1:9/veille');
    expect(added.stderr).not.toContain('s3cret');
    const listed = await veille(['incident', 'list'], { cwd });
    expectOneLineError(listed, 'veille incident list: database (monitor.config.yaml): cannot use postgres://veille:***@127.0.0.1:9/veille');
    expect(listed.stderr).not.toContain('s3cret');
    // Given as --db, the same refusal names --db.
    expectOneLineError(await veille(['maintenance', 'list', '--db', 'postgres://veille@127.0.0.1:9/veille'], { cwd }), 'veille maintenance list: --db: cannot use postgres://veille@127.0.0.1:9/veille');
    expect(readdirSync(cwd)).toEqual(['monitor.config.yaml']);
  });
});
