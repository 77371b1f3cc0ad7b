import { and, eq } from 'drizzle-orm';
import type { Calendars } from '../config/calendars.ts';
import type { Config } from '../config/types.ts';
import { findWindow, markNoticePending, type MaintenanceWindow, type WindowVersion } from '../maintenance/window-store.ts';
import { badRequest } from '../server/api-error.ts';
import type { AnyDialect } from '../store/any-dialect.ts';
import type { StoreTx } from '../store/store.ts';
import { enqueueDeliveries, recordEvent, type EventKind, type NewDelivery, type NewEvent } from './event-store.ts';
import { noticedVersionIds } from './outbox-store.ts';
import { noticeRecipients, type NoticeRecipient } from './recipients.ts';
import { tellSubscribers } from './subscriber-fanout.ts';
import { renderNotice, type NoticeKind } from './templates/maintenance-notice.ts';
import { publicMaintenanceMessage, type PublicMaintenanceChange } from './templates/subscriber-messages.ts';

// Formal notices to clients (rule 5) and the public announcement of maintenance.
// Queued in the registry's transaction: the window and its notice rows exist together or not at all.

export interface NoticeDeps {
  readonly config: Config;
  readonly calendars: Calendars;
}

/** Channel name of formal notices in the outbox: their acceptance sets the version's notice. */
export const CLIENT_NOTICE_CHANNEL = 'clients';

const EVENT_KIND: Record<NoticeKind, EventKind> = {
  notice: 'maintenance_notice',
  change: 'maintenance_change',
  cancellation: 'maintenance_cancellation',
  reminder: 'maintenance_reminder',
};

/** The window told about and its current version; it must have been written in this transaction or before. */
export async function loadWindow(dialect: AnyDialect, windowId: number): Promise<{ window: MaintenanceWindow; current: WindowVersion }> {
  const window = await findWindow(dialect, windowId);
  const current = window?.versions[window.versions.length - 1];
  if (!window || !current) throw new Error(`maintenance window ${windowId} not found (call the hook after writing it)`);
  return { window, current };
}

/** Whether veille e-mailed this window's clients before: then its changes and cancellation are e-mailed too. */
export async function wasNoticedByVeille(dialect: AnyDialect, window: MaintenanceWindow): Promise<boolean> {
  return (await noticedVersionIds(dialect, window.versions.map((version) => version.id))).size > 0;
}

/**
 * Queues the formal notice of a version (a new window or new times) to every contact, and
 * marks the version's notice pending: it counts only once the SMTP server has accepted
 * every message (see notice-completion.ts). Refused with a 400 on `notify` when it cannot be sent.
 */
export async function queueVersionNotice(tx: StoreTx, deps: NoticeDeps, input: { windowId: number; kind: 'notice' | 'change' }, now: number): Promise<void> {
  const { window, current } = await loadWindow(tx, input.windowId);
  const recipients = recipientsOrRefuse(deps.config, window);
  await markNoticePending(tx, current.id);
  const previous = input.kind === 'change' ? window.versions[window.versions.length - 2] : undefined;
  const notice = { window, version: current, kind: input.kind, recipients, key: `window-notice:${current.id}`, previous };
  const eventId = await recordEvent(tx, noticeEvent(notice, now), now);
  if (eventId !== null) await enqueueDeliveries(tx, eventId, noticeDeliveries(deps, notice), now);
}

/** The notice of cancellation (no effect on the SLA: cancelling only ends the window). */
export async function queueCancellationNotice(tx: StoreTx, deps: NoticeDeps, input: { windowId: number; required: boolean }, now: number): Promise<void> {
  const { window, current } = await loadWindow(tx, input.windowId);
  const found = noticeRecipients(deps.config, window.environmentIds);
  if (!found.ok || !deps.config.notifications.smtp) {
    if (input.required) recipientsOrRefuse(deps.config, window);
    return;
  }
  const notice = { window, version: current, kind: 'cancellation' as const, recipients: found.recipients, key: `window-cancelled:${window.id}` };
  const eventId = await recordEvent(tx, noticeEvent(notice, now), now);
  if (eventId !== null) await enqueueDeliveries(tx, eventId, noticeDeliveries(deps, notice), now);
}

/** A reminder before the start, to the same contacts; once per version. */
export async function queueReminder(tx: StoreTx, deps: NoticeDeps, window: MaintenanceWindow, version: WindowVersion, now: number): Promise<boolean> {
  const reminder = reminderOf(deps, window, version);
  if (!reminder) return false;
  const eventId = await recordEvent(tx, noticeEvent(reminder, now), now);
  if (eventId === null) return false;
  await enqueueDeliveries(tx, eventId, noticeDeliveries(deps, reminder), now);
  return true;
}

function reminderOf(deps: NoticeDeps, window: MaintenanceWindow, version: WindowVersion): Notice | null {
  const found = noticeRecipients(deps.config, window.environmentIds);
  return found.ok ? { window, version, kind: 'reminder', recipients: found.recipients, key: `window-reminder:${version.id}` } : null;
}

/** Tells public subscribers about a window of public environments, naming only those. */
export async function announcePublicly(tx: StoreTx, deps: NoticeDeps, input: { windowId: number; change: PublicMaintenanceChange }, now: number): Promise<void> {
  const { window, current } = await loadWindow(tx, input.windowId);
  const publicEnvironments = deps.config.environments.filter((environment) => environment.public && window.environmentIds.includes(environment.id));
  if (publicEnvironments.length === 0) return;
  // A window recorded (or changed, or cancelled) once it was over is history, not news.
  if (current.end <= now) return;
  const key = input.change === 'cancelled' ? `window-public-cancelled:${window.id}` : `window-public:${current.id}`;
  await tellSubscribers(
    tx,
    deps.config,
    { key, kind: 'maintenance_public', subject: `window:${window.id}`, occurredAt: now, details: { change: input.change, versionId: current.id } },
    (language) =>
      publicMaintenanceMessage({
        change: input.change,
        windowId: window.id,
        environments: publicEnvironments.map((environment) => environment.name),
        start: current.start,
        end: current.end,
        impact: window.impact,
        zone: deps.calendars.default.timeZone,
        language,
      }),
    now,
  );
}

/** How many e-mails to the clients' contacts about this window were queued at `at` (a notice, a change or a cancellation). */
export async function clientMessagesQueued({ db, t }: AnyDialect, windowId: number, at: number): Promise<number> {
  const rows = await db
    .select({ id: t.notificationOutbox.id })
    .from(t.notificationOutbox)
    .innerJoin(t.notificationEvents, eq(t.notificationOutbox.eventId, t.notificationEvents.id))
    .where(and(eq(t.notificationEvents.subject, `window:${windowId}`), eq(t.notificationOutbox.channel, CLIENT_NOTICE_CHANNEL), eq(t.notificationOutbox.createdAt, at)));
  return rows.length;
}

function recipientsOrRefuse(config: Config, window: MaintenanceWindow): NoticeRecipient[] {
  if (!config.notifications.smtp) throw badRequest('notify', 'veille cannot e-mail the notice: notifications.smtp is not configured');
  const found = noticeRecipients(config, window.environmentIds);
  if (!found.ok) throw badRequest('notify', `veille cannot e-mail the notice: ${found.message}`);
  return found.recipients;
}

/** One message to the clients' contacts about a version of a window. */
interface Notice {
  readonly window: MaintenanceWindow;
  readonly version: WindowVersion;
  readonly kind: NoticeKind;
  readonly recipients: readonly NoticeRecipient[];
  /** The event's key: a notice already recorded under it is not queued again. */
  readonly key: string;
  readonly previous?: WindowVersion | undefined;
}

function noticeEvent(notice: Notice, now: number): NewEvent {
  const { window, version } = notice;
  return {
    key: notice.key,
    kind: EVENT_KIND[notice.kind],
    subject: `window:${window.id}`,
    occurredAt: now,
    details: { versionId: version.id, environments: window.environmentIds, recipients: notice.recipients.length },
  };
}

function noticeDeliveries(deps: NoticeDeps, notice: Notice): NewDelivery[] {
  const { window, version } = notice;
  // Only a notice or a change is the notice of its version; a reminder or a cancellation proves nothing.
  const isVersionNotice = notice.kind === 'notice' || notice.kind === 'change';
  const replyTo = deps.config.notifications.smtp?.replyTo ?? null;
  return notice.recipients.map((recipient) => {
    const zone = deps.calendars.forEnvironment(recipient.environments[0]!).timeZone;
    const message = renderNotice({
      kind: notice.kind,
      windowId: window.id,
      impact: window.impact,
      environments: recipient.environments,
      clients: recipient.clients,
      start: version.start,
      end: version.end,
      zone,
      previous: notice.previous ? { start: notice.previous.start, end: notice.previous.end } : undefined,
      recipientName: recipient.contact.name,
      firstLanguage: recipient.contact.language,
      replyTo,
    });
    return {
      channel: CLIENT_NOTICE_CHANNEL,
      channelType: 'email' as const,
      recipient: recipient.contact.email,
      recipientName: recipient.contact.name,
      language: recipient.contact.language,
      subject: message.subject,
      body: message.text,
      windowVersionId: isVersionNotice ? version.id : null,
      ...(replyTo !== null ? { payload: { replyTo } } : {}),
    };
  });
}
