import type { OpenDatabase } from '../store/database.ts';

/**
 * Deletes, in batches, browser sessions that expired at or before `now`: a session is live only
 * while `expires_at > now` (see src/web/session/session-store.ts), so these can never be used again.
 */
export function pruneSessionsBatch(database: OpenDatabase, now: number, batch: number): number {
  return database.sqlite.prepare('DELETE FROM sessions WHERE hash IN (SELECT hash FROM sessions WHERE expires_at <= ? LIMIT ?)').run(now, batch).changes;
}
