import { and, asc, desc, eq, inArray, lte, ne } from 'drizzle-orm';
import type { AnyDialect } from '../store/any-dialect.ts';
import { notificationOutbox } from '../store/schema/index.ts';
import type { StoreTx } from '../store/store.ts';
import { SUBSCRIBERS_CHANNEL, type Lane } from './lanes.ts';

export type Delivery = typeof notificationOutbox.$inferSelect;
export type DeliveryStatus = Delivery['status'];

/** Deliveries of one lane (lanes.ts) whose turn has come, oldest due first. */
export async function dueDeliveries({ db, t }: AnyDialect, now: number, limit: number, lane: Lane): Promise<Delivery[]> {
  const inLane = lane === 'public' ? eq(t.notificationOutbox.channel, SUBSCRIBERS_CHANNEL) : ne(t.notificationOutbox.channel, SUBSCRIBERS_CHANNEL);
  return db
    .select()
    .from(t.notificationOutbox)
    .where(and(eq(t.notificationOutbox.status, 'pending'), lte(t.notificationOutbox.nextAttemptAt, now), inLane))
    .orderBy(asc(t.notificationOutbox.nextAttemptAt), asc(t.notificationOutbox.id))
    .limit(limit);
}

export async function recordSent(tx: StoreTx, id: number, result: { at: number; ref: string | null }): Promise<void> {
  await tx.db
    .update(tx.t.notificationOutbox)
    .set({ status: 'sent', sentAt: result.at, ref: result.ref, lastAttemptAt: result.at, lastError: null })
    .where(eq(tx.t.notificationOutbox.id, id));
}

/** A failed attempt: retried at `retryAt`, or given up (status failed) when retryAt is null. */
export async function recordFailure(tx: StoreTx, delivery: Delivery, result: { at: number; error: string; retryAt: number | null }): Promise<void> {
  await tx.db
    .update(tx.t.notificationOutbox)
    .set({
      status: result.retryAt === null ? 'failed' : 'pending',
      attempts: delivery.attempts + 1,
      lastAttemptAt: result.at,
      lastError: result.error.slice(0, 1000),
      nextAttemptAt: result.retryAt ?? delivery.nextAttemptAt,
    })
    .where(eq(tx.t.notificationOutbox.id, delivery.id));
}

export async function deliveriesOfVersion({ db, t }: AnyDialect, windowVersionId: number): Promise<Delivery[]> {
  return db.select().from(t.notificationOutbox).where(eq(t.notificationOutbox.windowVersionId, windowVersionId)).orderBy(asc(t.notificationOutbox.id));
}

/** Windows (by version) veille has e-mailed a formal notice for. */
export async function noticedVersionIds({ db, t }: AnyDialect, versionIds: readonly number[]): Promise<Set<number>> {
  if (versionIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ id: t.notificationOutbox.windowVersionId })
    .from(t.notificationOutbox)
    .where(inArray(t.notificationOutbox.windowVersionId, [...versionIds]));
  return new Set(rows.map((row) => row.id).filter((id): id is number => id !== null));
}

export interface DeliveryListing {
  readonly delivery: Delivery;
  readonly kind: string;
  readonly subject: string;
  readonly eventKey: string;
}

/** The outbox, most recent first, with the event each delivery tells. */
export async function listDeliveries({ db, t }: AnyDialect, filter: { status?: DeliveryStatus; limit: number }): Promise<DeliveryListing[]> {
  return db
    .select({ delivery: t.notificationOutbox, kind: t.notificationEvents.kind, subject: t.notificationEvents.subject, eventKey: t.notificationEvents.key })
    .from(t.notificationOutbox)
    .innerJoin(t.notificationEvents, eq(t.notificationOutbox.eventId, t.notificationEvents.id))
    .where(filter.status ? eq(t.notificationOutbox.status, filter.status) : undefined)
    .orderBy(desc(t.notificationOutbox.createdAt), desc(t.notificationOutbox.id))
    .limit(filter.limit);
}
