import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres, openPostgres } from '../../src/store/postgres.ts';
import { NO_POSTGRES_SERVER, postgresBinaries, startPostgresCluster, type PostgresCluster } from '../support/postgres.ts';
import { expectOneLineError, veille } from '../support/run-veille.ts';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';

// `veille incident …` on a PostgreSQL server, as on a SQLite file: the same desk, the same lines.
// Each run starts a process, so the steps share one database and run in order.

const binaries = postgresBinaries();
if (!binaries) console.warn(NO_POSTGRES_SERVER);

describe.skipIf(!binaries)(`veille incident on PostgreSQL (${binaries ?? NO_POSTGRES_SERVER})`, { timeout: 240_000 }, () => {
  let cluster: PostgresCluster;
  let cwd: string;
  let url: string;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    cwd = mkdtempSync(join(tmpdir(), 'veille-incident-pg-'));
    writeFileSync(join(cwd, 'monitor.config.yaml'), TEST_CONFIG_YAML);
    url = await cluster.createDatabase('desk');
    const opened = await openPostgres(url, { schema: 'untouched' });
    await migratePostgres(opened.db);
    await opened.close();
  });
  afterAll(() => cluster?.stop());

  it('opens, works and resolves an incident there, read back by list and show; no file appears', async () => {
    const db = ['--db', url];
    const opened = await veille(
      ['incident', 'open', '--title', 'Paie bloquée', '--priority', 'III', '--env', 'acme-prod', '--public', '--opened-at', '2026-11-16T10:00:00-05:00', '--external-ref', 'ZD-4411', ...db],
      { cwd },
    );
    expect(opened.stderr).toBe('');
    expect(opened.stdout).toMatch(/^Opened incident 1: #1 {2}\[open\] {2}priority III {2}"Paie bloquée" {2}acme-prod {2}incident\/web\/public {2}response due 2026-11-16T11:30:00-05:00 /);
    expect((await veille(['incident', 'respond', '--id', '1', '--at', '2026-11-16T11:15:00-05:00', ...db], { cwd })).stdout).toMatch(/^Recorded the response to incident 1: .*\[responded\]/);
    expect((await veille(['incident', 'resolve', '--id', '1', '--message', 'Corrigé', ...db], { cwd })).stdout).toMatch(/^Resolved incident 1: .*\[resolved\]/);
    expect((await veille(['incident', 'list', '--state', 'resolved', ...db], { cwd })).stdout).toMatch(/^#1 {2}\[resolved\] {2}priority III {2}"Paie bloquée"/);
    const shown = JSON.parse((await veille(['incident', 'show', '--id', '1', '--json', ...db], { cwd })).stdout);
    expect(shown).toMatchObject({ id: 1, state: 'resolved', externalRef: 'ZD-4411', respondedAt: '2026-11-16T16:15:00.000Z', responseMet: true });
    expect(shown.events.map((event: { type: string; message: string | null }) => [event.type, event.message])).toEqual([
      ['opened', null],
      ['responded', null],
      ['resolved', 'Corrigé'],
    ]);
    expect(readdirSync(cwd)).toEqual(['monitor.config.yaml']);
  });

  it('refuses what the desk refuses, naming the flag, and a database veille holds nothing in', async () => {
    expectOneLineError(await veille(['incident', 'resolve', '--id', '1', '--db', url], { cwd }), 'veille incident resolve: incident 1 was already resolved');
    const empty = await cluster.createDatabase('empty');
    expectOneLineError(await veille(['incident', 'list', '--db', empty], { cwd }), 'it holds no veille database');
  });
});
