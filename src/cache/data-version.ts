import type Database from 'better-sqlite3';

/**
 * Two cheap fingerprints of the database, read on every request instead of rebuilding a page:
 * - `registry`: the last audit entry. Every write a person makes (windows, exclusions,
 *   incidents, tokens) is audited (rule 9), so this moves exactly when the registry does.
 * - `observations`: every row any connection of this process changed (`total_changes()`), plus
 *   SQLite's `data_version`, which moves when another process commits. Probe results move it
 *   many times a second, so a cache keyed on it is refreshed at a bounded rate instead.
 */
export interface DataVersion {
  registry: number;
  observations: string;
}

export function createDataVersionReader(sqlite: Database.Database): () => DataVersion {
  const statement = sqlite.prepare<[], { registry: number | null; changes: number }>(
    'SELECT (SELECT max(id) FROM audit_log) AS registry, total_changes() AS changes',
  );
  const dataVersion = sqlite.prepare<[], number>('PRAGMA data_version').pluck();
  return () => {
    const row = statement.get()!;
    const external = dataVersion.get()!;
    return { registry: row.registry ?? 0, observations: `${row.changes}:${external}` };
  };
}
