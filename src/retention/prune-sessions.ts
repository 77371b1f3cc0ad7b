import { inArray, lte } from 'drizzle-orm';
import type { Store } from '../store/store.ts';
import { deleteBatch } from './delete-batch.ts';

/**
 * Deletes one batch of browser sessions that expired at or before `now`: a session is live only
 * while `expires_at > now` (see src/web/session/session-store.ts), so these can never be used
 * again. Returns how many went.
 */
export async function pruneSessionsBatch(store: Store, now: number, batch: number): Promise<number> {
  const sessions = store.t.sessions;
  return deleteBatch(store, sessions, sessions.hash, (tx) => inArray(sessions.hash, tx.db.select({ hash: sessions.hash }).from(sessions).where(lte(sessions.expiresAt, now)).limit(batch)));
}
