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
