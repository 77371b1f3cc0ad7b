import type { TestApp } from '../support/test-app.ts';

const TABLES = [
  'maintenance_windows',
  'maintenance_versions',
  'maintenance_environments',
  'outages',
  'exclusions',
  'incidents',
  'incident_environments',
  'incident_events',
  'audit_log',
] as const;

/** Rows in every table a registry write touches: a refused request must leave them all unchanged. */
export function rowCounts(t: TestApp): Record<string, number> {
  return Object.fromEntries(
    TABLES.map((table) => [table, (t.deps.database.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n]),
  );
}
