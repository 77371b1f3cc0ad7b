import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { storeResults, type StoredResult } from '../../src/history/result-history.ts';
import { openDatabase, type OpenDatabase } from '../../src/store/database.ts';

const MIGRATIONS = join(import.meta.dirname, '../../src/store/migrations');
// The last migration of the version that kept one row per result.
const LAST_OLD = '0004_certificates';

const opened: OpenDatabase[] = [];
afterEach(() => {
  for (const database of opened.splice(0)) database.close();
});

/** A database file as the earlier version left it: its migrations only, results one row each. */
function oldDatabase(results: readonly StoredResult[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'veille-old-'));
  const migrations = join(dir, 'migrations');
  cpSync(MIGRATIONS, migrations, { recursive: true });
  const journalFile = join(migrations, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Array<{ idx: number; tag: string }> };
  const last = journal.entries.findIndex((entry) => entry.tag === LAST_OLD);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, last + 1) }));
  const file = join(dir, 'veille.db');
  const sqlite = new Database(file);
  migrate(drizzle(sqlite), { migrationsFolder: migrations });
  const insert = sqlite.prepare('INSERT INTO probe_results (check_id, env_id, at, status, latency_ms, reason) VALUES (?, ?, ?, ?, ?, ?)');
  for (const r of results) insert.run(r.checkId, r.envId, r.at, r.status, r.latencyMs ?? null, r.reason ?? null);
  sqlite.close();
  return file;
}

function history(database: OpenDatabase) {
  const all = (sql: string) => database.sqlite.prepare(sql).all();
  return {
    runs: all('SELECT check_id, env_id, location, status, reason, first_at, last_at, count, latency_min_ms, latency_max_ms, latency_sum_ms, last_latency_ms FROM probe_runs ORDER BY check_id, first_at'),
    failures: all('SELECT check_id, env_id, location, at, latency_ms, reason FROM probe_failures ORDER BY check_id, at'),
    minutes: all('SELECT * FROM probe_latency_minutes ORDER BY check_id, minute'),
  };
}

const T = Date.UTC(2026, 10, 2, 12, 0, 0);
const web = (s: number, status: StoredResult['status'], latencyMs: number | null, reason: string | null = null): StoredResult => ({
  checkId: 'web',
  envId: 'acme-prod',
  at: T + s * 1000,
  status,
  latencyMs,
  reason,
});
// Up across two minutes, slow answers, downs with two reasons, a timeout with no latency, up again; a second check.
const RESULTS: StoredResult[] = [
  web(0, 'up', 40),
  web(10, 'up', 12),
  web(20, 'up', 95),
  web(50, 'up', 30),
  web(60, 'up', 31),
  web(70, 'degraded', 2300, 'slow'),
  web(80, 'degraded', 2100, 'slow'),
  web(90, 'down', 5000, 'timeout'),
  web(100, 'down', null, 'timeout'),
  web(110, 'down', 3, 'status 503'),
  web(120, 'up', 20),
  web(130, 'up', 22),
  { checkId: 'db', envId: 'acme-prod', at: T + 5000, status: 'up', latencyMs: 4, reason: null },
  { checkId: 'db', envId: 'acme-prod', at: T + 15_000, status: 'down', latencyMs: 10_000, reason: 'refused' },
];

describe('a database of one row per result, opened by this version', () => {
  it('is converted in place: runs, every failure, answers per minute, and no probe_results left', () => {
    const database = openDatabase(oldDatabase(RESULTS));
    opened.push(database);
    const tables = database.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'probe_%' ORDER BY name").all();
    expect(tables).toEqual([{ name: 'probe_failures' }, { name: 'probe_latency_minutes' }, { name: 'probe_runs' }]);
    const { runs, failures, minutes } = history(database);
    const run = (checkId: string, status: string, reason: string | null, first: number, last: number, count: number, min: number | null, max: number | null, sum: number | null, lastLatency: number | null) => ({
      check_id: checkId,
      env_id: 'acme-prod',
      location: 'default',
      status,
      reason,
      first_at: T + first * 1000,
      last_at: T + last * 1000,
      count,
      latency_min_ms: min,
      latency_max_ms: max,
      latency_sum_ms: sum,
      last_latency_ms: lastLatency,
    });
    expect(runs).toEqual([
      run('db', 'up', null, 5, 5, 1, 4, 4, 4, 4),
      run('db', 'down', 'refused', 15, 15, 1, 10_000, 10_000, 10_000, 10_000),
      run('web', 'up', null, 0, 60, 5, 12, 95, 208, 31),
      run('web', 'degraded', 'slow', 70, 80, 2, 2100, 2300, 4400, 2100),
      run('web', 'down', 'timeout', 90, 100, 2, 5000, 5000, 5000, null),
      run('web', 'down', 'status 503', 110, 110, 1, 3, 3, 3, 3),
      run('web', 'up', null, 120, 130, 2, 20, 22, 42, 22),
    ]);
    expect(failures).toEqual([
      { check_id: 'db', env_id: 'acme-prod', location: 'default', at: T + 15_000, latency_ms: 10_000, reason: 'refused' },
      { check_id: 'web', env_id: 'acme-prod', location: 'default', at: T + 90_000, latency_ms: 5000, reason: 'timeout' },
      { check_id: 'web', env_id: 'acme-prod', location: 'default', at: T + 100_000, latency_ms: null, reason: 'timeout' },
      { check_id: 'web', env_id: 'acme-prod', location: 'default', at: T + 110_000, latency_ms: 3, reason: 'status 503' },
    ]);
    expect(minutes).toEqual([
      { check_id: 'db', location: 'default', minute: T, up: 1, degraded: 0, p50_ms: 4, p95_ms: 4, p99_ms: 4, max_ms: 4, latencies: '[4]' },
      { check_id: 'web', location: 'default', minute: T, up: 4, degraded: 0, p50_ms: 30, p95_ms: 95, p99_ms: 95, max_ms: 95, latencies: '[12,30,40,95]' },
      { check_id: 'web', location: 'default', minute: T + 60_000, up: 1, degraded: 2, p50_ms: 2100, p95_ms: 2300, p99_ms: 2300, max_ms: 2300, latencies: '[31,2100,2300]' },
      { check_id: 'web', location: 'default', minute: T + 120_000, up: 2, degraded: 0, p50_ms: 20, p95_ms: 22, p99_ms: 22, max_ms: 22, latencies: '[20,22]' },
    ]);
  });

  it('holds what the prober would have written had it stored the same results as history', () => {
    const migrated = openDatabase(oldDatabase(RESULTS));
    const written = openDatabase(':memory:');
    opened.push(migrated, written);
    storeResults(written.sqlite, [...RESULTS].sort((a, b) => a.at - b.at));
    expect(history(migrated)).toEqual(history(written));
  });
});
