import { and, eq } from 'drizzle-orm';
import type { Language } from '../config/types.ts';
import type { AnyDialect } from '../store/any-dialect.ts';
import { subscriptions } from '../store/schema/index.ts';
import type { StoreTx } from '../store/store.ts';

export type Subscription = typeof subscriptions.$inferSelect;

async function first(rows: Promise<Subscription[]>): Promise<Subscription | null> {
  return (await rows)[0] ?? null;
}

export function findByEmail({ db, t }: AnyDialect, email: string): Promise<Subscription | null> {
  return first(db.select().from(t.subscriptions).where(eq(t.subscriptions.email, email.toLowerCase())));
}

export function findByConfirmHash({ db, t }: AnyDialect, hash: string): Promise<Subscription | null> {
  return first(db.select().from(t.subscriptions).where(eq(t.subscriptions.confirmTokenHash, hash)));
}

export function findByUnsubscribeToken({ db, t }: AnyDialect, token: string): Promise<Subscription | null> {
  return first(db.select().from(t.subscriptions).where(eq(t.subscriptions.unsubscribeToken, token)));
}

/** Confirmed subscribers: the only addresses public notices go to. */
export async function activeSubscribers({ db, t }: AnyDialect): Promise<Subscription[]> {
  return db.select().from(t.subscriptions).where(eq(t.subscriptions.status, 'active')).orderBy(t.subscriptions.id);
}

export async function insertPending(
  tx: StoreTx,
  input: { email: string; language: Language; confirmTokenHash: string; unsubscribeToken: string; now: number },
): Promise<Subscription> {
  const [row] = await tx.db
    .insert(tx.t.subscriptions)
    .values({
      email: input.email.toLowerCase(),
      language: input.language,
      status: 'pending',
      confirmTokenHash: input.confirmTokenHash,
      unsubscribeToken: input.unsubscribeToken,
      createdAt: input.now,
      confirmationSentAt: input.now,
    })
    .returning();
  return row!;
}

/** A new confirmation for an address not (or no longer) confirmed: new token, language as asked now. */
export async function renewPending(tx: StoreTx, id: number, input: { language: Language; confirmTokenHash: string; now: number }): Promise<void> {
  await tx.db
    .update(tx.t.subscriptions)
    .set({ status: 'pending', language: input.language, confirmTokenHash: input.confirmTokenHash, confirmationSentAt: input.now, unsubscribedAt: null })
    .where(eq(tx.t.subscriptions.id, id));
}

export async function markConfirmed(tx: StoreTx, id: number, now: number): Promise<void> {
  await tx.db
    .update(tx.t.subscriptions)
    .set({ status: 'active', confirmedAt: now, confirmTokenHash: null })
    .where(and(eq(tx.t.subscriptions.id, id), eq(tx.t.subscriptions.status, 'pending')));
}

export async function markUnsubscribed(tx: StoreTx, id: number, now: number): Promise<void> {
  await tx.db.update(tx.t.subscriptions).set({ status: 'unsubscribed', unsubscribedAt: now, confirmTokenHash: null }).where(eq(tx.t.subscriptions.id, id));
}
