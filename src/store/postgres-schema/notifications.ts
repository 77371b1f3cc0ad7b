// The PostgreSQL twin of ../schema/notifications.ts, where each table is described.
import { bigint, index, json, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { maintenanceVersions } from './registry.ts';

export const notificationEvents = pgTable(
  'notification_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    key: text('key').notNull().unique(),
    kind: text('kind').notNull(),
    envId: text('env_id'),
    subject: text('subject').notNull(),
    occurredAt: bigint('occurred_at', { mode: 'number' }).notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    details: json('details'),
  },
  (t) => [index('notification_events_created').on(t.createdAt)],
);

export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .references(() => notificationEvents.id),
    channel: text('channel').notNull(),
    channelType: text('channel_type', { enum: ['webhook', 'slack', 'email'] }).notNull(),
    recipient: text('recipient').notNull(),
    recipientName: text('recipient_name'),
    language: text('language', { enum: ['fr', 'en'] }).notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    payload: json('payload'),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull(),
    attempts: bigint('attempts', { mode: 'number' }).notNull(),
    nextAttemptAt: bigint('next_attempt_at', { mode: 'number' }).notNull(),
    lastAttemptAt: bigint('last_attempt_at', { mode: 'number' }),
    lastError: text('last_error'),
    sentAt: bigint('sent_at', { mode: 'number' }),
    ref: text('ref'),
    windowVersionId: bigint('window_version_id', { mode: 'number' }).references(() => maintenanceVersions.id),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('notification_outbox_delivery').on(t.eventId, t.channel, t.recipient),
    index('notification_outbox_due').on(t.status, t.nextAttemptAt),
    index('notification_outbox_version').on(t.windowVersionId),
  ],
);

export const subscriptions = pgTable('subscriptions', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  email: text('email').notNull().unique(),
  language: text('language', { enum: ['fr', 'en'] }).notNull(),
  status: text('status', { enum: ['pending', 'active', 'unsubscribed'] }).notNull(),
  confirmTokenHash: text('confirm_token_hash'),
  unsubscribeToken: text('unsubscribe_token').notNull().unique(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  confirmationSentAt: bigint('confirmation_sent_at', { mode: 'number' }),
  confirmedAt: bigint('confirmed_at', { mode: 'number' }),
  unsubscribedAt: bigint('unsubscribed_at', { mode: 'number' }),
});
