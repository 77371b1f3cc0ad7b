import { and, asc, desc, eq, inArray, lte, ne } from 'drizzle-orm';
import type { Db } from '../store/database.ts';
import { notificationEvents, notificationOutbox } from '../store/schema/index.ts';
import { SUBSCRIBERS_CHANNEL, type Lane } from './lanes.ts';

export type Delivery = typeof notificationOutbox.$inferSelect;
export type DeliveryStatus = Delivery['status'];

/** Deliveries of one lane (lanes.ts) whose turn has come, oldest due first. */
export function dueDeliveries(db: Db, now: number, limit: number, lane: Lane): Delivery[] {
  const inLane = lane === 'public' ? eq(notificationOutbox.channel, SUBSCRIBERS_CHANNEL) : ne(notificationOutbox.channel, SUBSCRIBERS_CHANNEL);
  return db
    .select()
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.status, 'pending'), lte(notificationOutbox.nextAttemptAt, now), inLane))
    .orderBy(asc(notificationOutbox.nextAttemptAt), asc(notificationOutbox.id))
    .limit(limit)
    .all();
}

export function recordSent(db: Db, id: number, result: { at: number; ref: string | null }): void {
  db.update(notificationOutbox)
    .set({ status: 'sent', sentAt: result.at, ref: result.ref, lastAttemptAt: result.at, lastError: null })
    .where(eq(notificationOutbox.id, id))
    .run();
}

/** A failed attempt: retried at `retryAt`, or given up (status failed) when retryAt is null. */
export function recordFailure(db: Db, delivery: Delivery, result: { at: number; error: string; retryAt: number | null }): void {
  db.update(notificationOutbox)
    .set({
      status: result.retryAt === null ? 'failed' : 'pending',
      attempts: delivery.attempts + 1,
      lastAttemptAt: result.at,
      lastError: result.error.slice(0, 1000),
      nextAttemptAt: result.retryAt ?? delivery.nextAttemptAt,
    })
    .where(eq(notificationOutbox.id, delivery.id))
    .run();
}

export function deliveriesOfVersion(db: Db, windowVersionId: number): Delivery[] {
  return db.select().from(notificationOutbox).where(eq(notificationOutbox.windowVersionId, windowVersionId)).orderBy(asc(notificationOutbox.id)).all();
}

/** Windows (by version) veille has e-mailed a formal notice for. */
export function noticedVersionIds(db: Db, versionIds: readonly number[]): Set<number> {
  if (versionIds.length === 0) return new Set();
  const rows = db
    .selectDistinct({ id: notificationOutbox.windowVersionId })
    .from(notificationOutbox)
    .where(inArray(notificationOutbox.windowVersionId, [...versionIds]))
    .all();
  return new Set(rows.map((row) => row.id).filter((id): id is number => id !== null));
}

export interface DeliveryListing {
  readonly delivery: Delivery;
  readonly kind: string;
  readonly subject: string;
  readonly eventKey: string;
}

/** The outbox, most recent first, with the event each delivery tells. */
export function listDeliveries(db: Db, filter: { status?: DeliveryStatus; limit: number }): DeliveryListing[] {
  return db
    .select({ delivery: notificationOutbox, kind: notificationEvents.kind, subject: notificationEvents.subject, eventKey: notificationEvents.key })
    .from(notificationOutbox)
    .innerJoin(notificationEvents, eq(notificationOutbox.eventId, notificationEvents.id))
    .where(filter.status ? eq(notificationOutbox.status, filter.status) : undefined)
    .orderBy(desc(notificationOutbox.createdAt), desc(notificationOutbox.id))
    .limit(filter.limit)
    .all();
}
