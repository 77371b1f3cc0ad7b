import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { environmentsSeen } from '../../src/store/schema/index.ts';
import { expectOneLineError, veille } from '../support/run-veille.ts';

// A database written by a daemon that ran with another configuration: reading it with the
// example file beside it printed the example's environments as "100 % met", a report of
// nothing that looks like a clean month.
describe('veille report on a database whose environments the configuration does not name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'veille-report-other-db-'));
  copyFileSync(join(process.cwd(), 'monitor.config.yaml'), join(dir, 'monitor.config.yaml'));
  const db = join(dir, 'other.db');
  const database = openDatabase(db);
  database.db.insert(environmentsSeen).values([{ envId: 'initech-prod', firstSeenAt: Date.parse('2026-10-01T00:00:00Z') }, { envId: 'initech-staging', firstSeenAt: Date.parse('2026-10-01T00:00:00Z') }]).run();
  database.close();

  it('refuses in one line naming --config and the environments the database records', async () => {
    const result = await veille(['report', '--month', '2026-11', '--db', db], { cwd: dir });
    expectOneLineError(result, '--config');
    expect(result.stderr).toContain('initech-prod');
    expect(result.stdout).toBe('');
  });

  it('also with an explicit --config that names none of them, and with --json', async () => {
    expectOneLineError(await veille(['report', '--month', '2026-11', '--json', '--config', join(dir, 'monitor.config.yaml'), '--db', db], { cwd: dir }), '--config');
  });

  it('still reports a database that has not seen any environment yet', async () => {
    const empty = join(dir, 'empty.db');
    openDatabase(empty).close();
    const result = await veille(['report', '--month', '2026-11', '--db', empty], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
  });
});
