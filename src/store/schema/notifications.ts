import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { maintenanceVersions } from './registry.ts';

// What veille told whom. An event is one transition worth telling (an outage opened, a
// threshold passed, a window announced); its key is unique so that a transition seen again,
// after a restart or a replay, is told once. Each event fans out to deliveries in the outbox,
// which the delivery worker sends, retries and records.

export const notificationEvents = sqliteTable(
  'notification_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull().unique(),
    kind: text('kind').notNull(),
    envId: text('env_id'),
    /** What it is about: `outage:12`, `window:3`, `incident:4`, `subscription:9`. */
    subject: text('subject').notNull(),
    occurredAt: integer('occurred_at').notNull(),
    createdAt: integer('created_at').notNull(),
    details: text('details', { mode: 'json' }),
  },
  (t) => [index('notification_events_created').on(t.createdAt)],
);

/** One message to one recipient through one channel, rendered when queued so the record shows what was sent. */
export const notificationOutbox = sqliteTable(
  'notification_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => notificationEvents.id),
    /** A configured channel id, `clients` for formal notices, `subscribers` for the public. */
    channel: text('channel').notNull(),
    channelType: text('channel_type', { enum: ['webhook', 'slack', 'email'] }).notNull(),
    /** An e-mail address, or the URL a webhook is posted to. */
    recipient: text('recipient').notNull(),
    recipientName: text('recipient_name'),
    language: text('language', { enum: ['fr', 'en'] }).notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** Webhook/Slack JSON body, or extra e-mail headers (List-Unsubscribe). */
    payload: text('payload', { mode: 'json' }),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastAttemptAt: integer('last_attempt_at'),
    lastError: text('last_error'),
    sentAt: integer('sent_at'),
    /** What the receiver answered: the SMTP Message-ID, or the HTTP status. */
    ref: text('ref'),
    /** For a formal notice: the window version whose notice this message is. */
    windowVersionId: integer('window_version_id').references(() => maintenanceVersions.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('notification_outbox_delivery').on(t.eventId, t.channel, t.recipient),
    index('notification_outbox_due').on(t.status, t.nextAttemptAt),
    index('notification_outbox_version').on(t.windowVersionId),
  ],
);

/** Public e-mail subscribers (double opt-in) to incidents and maintenance of public environments. */
export const subscriptions = sqliteTable('subscriptions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Lower-cased, so that one address has one subscription. */
  email: text('email').notNull().unique(),
  language: text('language', { enum: ['fr', 'en'] }).notNull(),
  status: text('status', { enum: ['pending', 'active', 'unsubscribed'] }).notNull(),
  /** SHA-256 of the one-time confirmation token (the token itself is only in the e-mail). */
  confirmTokenHash: text('confirm_token_hash'),
  /**
   * Kept in clear because every message must carry the link; it can only unsubscribe this
   * address, which is the least harmful thing a leaked link can do.
   */
  unsubscribeToken: text('unsubscribe_token').notNull().unique(),
  createdAt: integer('created_at').notNull(),
  confirmationSentAt: integer('confirmation_sent_at'),
  confirmedAt: integer('confirmed_at'),
  unsubscribedAt: integer('unsubscribed_at'),
});
