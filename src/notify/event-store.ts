import type { Language } from '../config/types.ts';
import type { StoreTx } from '../store/store.ts';

// Recording what happened and queueing what to send, inside the caller's transaction.

export type EventKind =
  | 'outage_opened'
  | 'outage_closed'
  | 'incident_opened'
  | 'incident_resolved'
  | 'deadline_near'
  | 'deadline_missed'
  | 'budget_threshold'
  | 'maintenance_notice'
  | 'maintenance_change'
  | 'maintenance_cancellation'
  | 'maintenance_reminder'
  | 'maintenance_public'
  | 'incident_public'
  | 'notice_failed'
  | 'subscription_confirmation'
  | 'certificate_expiring';

export interface NewEvent {
  /** One per transition, e.g. `outage-opened:12`: a key already recorded means "already told". */
  readonly key: string;
  readonly kind: EventKind;
  readonly envId?: string | null;
  readonly subject: string;
  readonly occurredAt: number;
  readonly details?: unknown;
}

export interface NewDelivery {
  readonly channel: string;
  readonly channelType: 'webhook' | 'slack' | 'email';
  readonly recipient: string;
  readonly recipientName?: string | null;
  readonly language: Language;
  readonly subject: string;
  readonly body: string;
  readonly payload?: unknown;
  readonly windowVersionId?: number | null;
}

/** Records a transition once, in the caller's transaction; its id, or null when the key was recorded before (nothing to send again). */
export async function recordEvent(tx: StoreTx, event: NewEvent, now: number): Promise<number | null> {
  const [row] = await tx.db
    .insert(tx.t.notificationEvents)
    .values(eventValues(event, now))
    .onConflictDoNothing({ target: tx.t.notificationEvents.key })
    .returning({ id: tx.t.notificationEvents.id });
  return row?.id ?? null;
}

/**
 * Queues the deliveries of an event, due now, in the caller's transaction; a delivery already
 * queued (same channel and recipient) stays as it is. The count of those queued comes from
 * RETURNING: SQLite and PostgreSQL report a bare insert's count differently.
 */
export async function enqueueDeliveries(tx: StoreTx, eventId: number, deliveries: readonly NewDelivery[], now: number): Promise<number> {
  let queued = 0;
  for (const delivery of deliveries) {
    const rows = await tx.db.insert(tx.t.notificationOutbox).values(deliveryValues(eventId, delivery, now)).onConflictDoNothing().returning({ id: tx.t.notificationOutbox.id });
    queued += rows.length;
  }
  return queued;
}

function eventValues(event: NewEvent, now: number) {
  return { key: event.key, kind: event.kind, envId: event.envId ?? null, subject: event.subject, occurredAt: event.occurredAt, createdAt: now, details: event.details ?? null };
}

function deliveryValues(eventId: number, delivery: NewDelivery, now: number) {
  return {
    eventId,
    channel: delivery.channel,
    channelType: delivery.channelType,
    recipient: delivery.recipient,
    recipientName: delivery.recipientName ?? null,
    language: delivery.language,
    subject: delivery.subject,
    body: delivery.body,
    payload: delivery.payload ?? null,
    status: 'pending' as const,
    attempts: 0,
    nextAttemptAt: now,
    windowVersionId: delivery.windowVersionId ?? null,
    createdAt: now,
  };
}
