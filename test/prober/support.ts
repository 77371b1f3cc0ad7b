import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/parse-config.ts';
import type { Config } from '../../src/config/types.ts';
import { openDatabase, type OpenDatabase } from '../../src/store/database.ts';
import { instant } from '../../src/time/iso.ts';

/** A database file in a fresh temporary directory (WAL needs a real file to survive a reopen). */
export function tempDbFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'veille-prober-')), 'veille.db');
}

/**
 * Production `acme-prod` (public, client Acme) with availability check `web` and feature checks
 * on `login` (major) and `reports` (secondary); staging with `staging-web`. All on `url`.
 */
export function proberConfig(url: string, extra = ''): Config {
  return parseConfig(`
probe: { concurrency: 4 }
environments:
  - id: acme-prod
    name: Acme Construction
    type: production
    public: true
    clients: [Acme]
    slaStart: "2026-01-01T00:00:00-05:00"
    checks:
      - { id: web, url: "${url}/web", every: 30s, timeout: 2s, confirmAfter: 2 }
      - { id: login, url: "${url}/login", role: feature, feature: login, every: 30s, timeout: 2s }
      - { id: reports, url: "${url}/reports", role: feature, feature: reports, every: 30s, timeout: 2s }
  - id: staging
    name: Staging
    type: staging
    checks:
      - { id: staging-web, url: "${url}/staging", every: 30s, timeout: 2s }
${extra}`);
}

/** A clock the test moves by hand. */
export function manualClock(iso: string) {
  let now = instant(iso);
  return {
    now: () => now,
    set(value: string) {
      now = instant(value);
    },
    advance(ms: number) {
      now += ms;
    },
  };
}

export function rows<T>(database: OpenDatabase, sql: string, ...params: unknown[]): T[] {
  return database.sqlite.prepare(sql).all(...params) as T[];
}

export { openDatabase };

export interface StoredResultRow {
  status: 'up' | 'degraded' | 'down';
  reason: string | null;
  /** A failure's own; an answer's when its run holds it alone (runs keep only min/max/sum). */
  latencyMs: number | null;
  at: number | null;
}

/**
 * The results the history holds, oldest first, one per result: each down from the failures,
 * each answer from its run (its instant known only at the run's ends).
 */
export function storedResults(database: OpenDatabase, checkId?: string): StoredResultRow[] {
  const where = checkId === undefined ? '' : 'WHERE check_id = ?';
  const params = checkId === undefined ? [] : [checkId];
  const runs = database.sqlite
    .prepare(`SELECT check_id AS checkId, status, reason, first_at AS firstAt, last_at AS lastAt, count, last_latency_ms AS lastLatencyMs FROM probe_runs ${where} ORDER BY first_at, id`)
    .all(...params) as Array<{ checkId: string; status: 'up' | 'degraded' | 'down'; reason: string | null; firstAt: number; lastAt: number; count: number; lastLatencyMs: number | null }>;
  const failures = database.sqlite.prepare('SELECT at, latency_ms AS latencyMs, reason FROM probe_failures WHERE check_id = ? AND at >= ? AND at <= ? ORDER BY at, id');
  const stored: StoredResultRow[] = [];
  for (const run of runs) {
    if (run.status === 'down') {
      for (const failure of failures.all(run.checkId, run.firstAt, run.lastAt) as Array<{ at: number; latencyMs: number | null; reason: string | null }>) {
        stored.push({ status: 'down', reason: failure.reason, latencyMs: failure.latencyMs, at: failure.at });
      }
      continue;
    }
    for (let k = 0; k < run.count; k++) {
      const at = k === 0 ? run.firstAt : k === run.count - 1 ? run.lastAt : null;
      stored.push({ status: run.status, reason: run.reason, latencyMs: run.count === 1 ? run.lastLatencyMs : null, at });
    }
  }
  return stored;
}

/** How many results the history holds. */
export function storedResultCount(database: OpenDatabase): number {
  return (database.sqlite.prepare('SELECT coalesce(sum(count), 0) AS n FROM probe_runs').get() as { n: number }).n;
}
