import type Database from 'better-sqlite3';
import { IMPLICIT_LOCATION } from '../config/types.ts';
import type { Observation } from '../outages/detector.ts';

/**
 * A check's latest results at one location, newest first, as far as the detector needs them
 * back (`limit` of them at most): the downs of its latest run one by one (each is kept), or
 * that run's last result when it is not down — what came before it does not change the
 * detector's state. Another location's results are its own history (docs/locations.md).
 */
export function prepareLatestObservations(sqlite: Database.Database, location: string = IMPLICIT_LOCATION): (checkId: string, limit: number) => Observation[] {
  const last = sqlite.prepare<[string, string], Observation & { count: number }>(
    'SELECT last_at AS at, status, reason, count FROM probe_runs WHERE check_id = ? AND location = ? ORDER BY id DESC LIMIT 1',
  );
  const downs = sqlite.prepare<[string, string, number], Observation>(
    "SELECT at, 'down' AS status, reason FROM probe_failures WHERE check_id = ? AND location = ? ORDER BY at DESC, id DESC LIMIT ?",
  );
  return (checkId, limit) => {
    const latest = last.get(checkId, location);
    if (!latest) return [];
    if (latest.status !== 'down') return [{ at: latest.at, status: latest.status, reason: latest.reason }];
    return downs.all(checkId, location, Math.min(limit, latest.count));
  };
}
