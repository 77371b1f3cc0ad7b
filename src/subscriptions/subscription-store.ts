import { and, eq } from 'drizzle-orm';
import type { Language } from '../config/types.ts';
import type { Db } from '../store/database.ts';
import { subscriptions } from '../store/schema/index.ts';

export type Subscription = typeof subscriptions.$inferSelect;

export function findByEmail(db: Db, email: string): Subscription | null {
  return db.select().from(subscriptions).where(eq(subscriptions.email, email.toLowerCase())).get() ?? null;
}

export function findByConfirmHash(db: Db, hash: string): Subscription | null {
  return db.select().from(subscriptions).where(eq(subscriptions.confirmTokenHash, hash)).get() ?? null;
}

export function findByUnsubscribeToken(db: Db, token: string): Subscription | null {
  return db.select().from(subscriptions).where(eq(subscriptions.unsubscribeToken, token)).get() ?? null;
}

/** Confirmed subscribers: the only addresses public notices go to. */
export function activeSubscribers(db: Db): Subscription[] {
  return db.select().from(subscriptions).where(eq(subscriptions.status, 'active')).all();
}

export function insertPending(
  db: Db,
  input: { email: string; language: Language; confirmTokenHash: string; unsubscribeToken: string; now: number },
): Subscription {
  return db
    .insert(subscriptions)
    .values({
      email: input.email.toLowerCase(),
      language: input.language,
      status: 'pending',
      confirmTokenHash: input.confirmTokenHash,
      unsubscribeToken: input.unsubscribeToken,
      createdAt: input.now,
      confirmationSentAt: input.now,
    })
    .returning()
    .get();
}

/** A new confirmation for an address not (or no longer) confirmed: new token, language as asked now. */
export function renewPending(db: Db, id: number, input: { language: Language; confirmTokenHash: string; now: number }): void {
  db.update(subscriptions)
    .set({ status: 'pending', language: input.language, confirmTokenHash: input.confirmTokenHash, confirmationSentAt: input.now, unsubscribedAt: null })
    .where(eq(subscriptions.id, id))
    .run();
}

export function markConfirmed(db: Db, id: number, now: number): void {
  db.update(subscriptions)
    .set({ status: 'active', confirmedAt: now, confirmTokenHash: null })
    .where(and(eq(subscriptions.id, id), eq(subscriptions.status, 'pending')))
    .run();
}

export function markUnsubscribed(db: Db, id: number, now: number): void {
  db.update(subscriptions).set({ status: 'unsubscribed', unsubscribedAt: now, confirmTokenHash: null }).where(eq(subscriptions.id, id)).run();
}
