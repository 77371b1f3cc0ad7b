import { inArray, lte } from 'drizzle-orm';
import type { Store } from '../store/store.ts';

/**
 * Deletes one batch of browser sessions that expired at or before `now`: a session is live only
 * while `expires_at > now` (see src/web/session/session-store.ts), so these can never be used
 * again. Returns how many went.
 */
export async function pruneSessionsBatch(store: Store, now: number, batch: number): Promise<number> {
  const { t } = store;
  return store.transaction(
    async (tx) =>
      (
        await tx.db
          .delete(t.sessions)
          .where(inArray(t.sessions.hash, tx.db.select({ hash: t.sessions.hash }).from(t.sessions).where(lte(t.sessions.expiresAt, now)).limit(batch)))
          .returning({ hash: t.sessions.hash })
      ).length,
  );
}
