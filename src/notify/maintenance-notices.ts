import { and, eq } from 'drizzle-orm';
import type { Calendars } from '../config/calendars.ts';
import type { Config } from '../config/types.ts';
import { findWindow, type MaintenanceWindow, type WindowVersion } from '../maintenance/window-store.ts';
import { badRequest } from '../server/api-error.ts';
import type { Db } from '../store/database.ts';
import { maintenanceVersions, notificationEvents, notificationOutbox } from '../store/schema/index.ts';
import { enqueueDeliveriesSync, recordEventSync, type EventKind } from './event-store.ts';
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

export function loadWindow(db: Db, windowId: number): { window: MaintenanceWindow; current: WindowVersion } {
  const window = findWindow(db, windowId);
  const current = window?.versions[window.versions.length - 1];
  if (!window || !current) throw new Error(`maintenance window ${windowId} not found (call the hook after writing it)`);
  return { window, current };
}

/** Whether veille e-mailed this window's clients before: then its changes and cancellation are e-mailed too. */
export function wasNoticedByVeille(db: Db, window: MaintenanceWindow): boolean {
  return noticedVersionIds(db, window.versions.map((version) => version.id)).size > 0;
}

/**
 * Queues the formal notice of a version (a new window or new times) to every contact, and
 * marks the version's notice pending: it counts only once the SMTP server has accepted
 * every message (see notice-completion.ts). Refused with a 400 on `notify` when it cannot be sent.
 */
export function queueVersionNotice(db: Db, deps: NoticeDeps, input: { windowId: number; kind: 'notice' | 'change' }, now: number): void {
  const { window, current } = loadWindow(db, input.windowId);
  const recipients = recipientsOrRefuse(deps.config, window);
  db.update(maintenanceVersions).set({ noticeSentAt: null, noticeRef: null }).where(eq(maintenanceVersions.id, current.id)).run();
  const previous = input.kind === 'change' ? window.versions[window.versions.length - 2] : undefined;
  queueToContacts(db, deps, { window, version: current, kind: input.kind, recipients, key: `window-notice:${current.id}`, previous }, now);
}

/** The notice of cancellation (no effect on the SLA: cancelling only ends the window). */
export function queueCancellationNotice(db: Db, deps: NoticeDeps, input: { windowId: number; required: boolean }, now: number): void {
  const { window, current } = loadWindow(db, input.windowId);
  const found = noticeRecipients(deps.config, window.environmentIds);
  if (!found.ok || !deps.config.notifications.smtp) {
    if (input.required) recipientsOrRefuse(deps.config, window);
    return;
  }
  queueToContacts(db, deps, { window, version: current, kind: 'cancellation', recipients: found.recipients, key: `window-cancelled:${window.id}` }, now);
}

/** A reminder before the start, to the same contacts; once per version. */
export function queueReminder(db: Db, deps: NoticeDeps, window: MaintenanceWindow, version: WindowVersion, now: number): boolean {
  const found = noticeRecipients(deps.config, window.environmentIds);
  if (!found.ok) return false;
  return queueToContacts(db, deps, { window, version, kind: 'reminder', recipients: found.recipients, key: `window-reminder:${version.id}` }, now);
}

/** Tells public subscribers about a window of public environments, naming only those. */
export function announcePublicly(db: Db, deps: NoticeDeps, input: { windowId: number; change: PublicMaintenanceChange }, now: number): void {
  const { window, current } = loadWindow(db, input.windowId);
  const publicEnvironments = deps.config.environments.filter((environment) => environment.public && window.environmentIds.includes(environment.id));
  if (publicEnvironments.length === 0) return;
  // A window recorded (or changed, or cancelled) once it was over is history, not news.
  if (current.end <= now) return;
  const key = input.change === 'cancelled' ? `window-public-cancelled:${window.id}` : `window-public:${current.id}`;
  tellSubscribers(
    db,
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
export function clientMessagesQueued(db: Db, windowId: number, at: number): number {
  return db
    .select({ id: notificationOutbox.id })
    .from(notificationOutbox)
    .innerJoin(notificationEvents, eq(notificationOutbox.eventId, notificationEvents.id))
    .where(and(eq(notificationEvents.subject, `window:${windowId}`), eq(notificationOutbox.channel, CLIENT_NOTICE_CHANNEL), eq(notificationOutbox.createdAt, at)))
    .all().length;
}

function recipientsOrRefuse(config: Config, window: MaintenanceWindow): NoticeRecipient[] {
  if (!config.notifications.smtp) throw badRequest('notify', 'veille cannot e-mail the notice: notifications.smtp is not configured');
  const found = noticeRecipients(config, window.environmentIds);
  if (!found.ok) throw badRequest('notify', `veille cannot e-mail the notice: ${found.message}`);
  return found.recipients;
}

function queueToContacts(
  db: Db,
  deps: NoticeDeps,
  input: {
    window: MaintenanceWindow;
    version: WindowVersion;
    kind: NoticeKind;
    recipients: readonly NoticeRecipient[];
    key: string;
    previous?: WindowVersion | undefined;
  },
  now: number,
): boolean {
  const { window, version } = input;
  const eventId = recordEventSync(
    db,
    {
      key: input.key,
      kind: EVENT_KIND[input.kind],
      subject: `window:${window.id}`,
      occurredAt: now,
      details: { versionId: version.id, environments: window.environmentIds, recipients: input.recipients.length },
    },
    now,
  );
  if (eventId === null) return false;
  // Only a notice or a change is the notice of its version; a reminder or a cancellation proves nothing.
  const isVersionNotice = input.kind === 'notice' || input.kind === 'change';
  const replyTo = deps.config.notifications.smtp?.replyTo ?? null;
  enqueueDeliveriesSync(
    db,
    eventId,
    input.recipients.map((recipient) => {
      const zone = deps.calendars.forEnvironment(recipient.environments[0]!).timeZone;
      const message = renderNotice({
        kind: input.kind,
        windowId: window.id,
        impact: window.impact,
        environments: recipient.environments,
        clients: recipient.clients,
        start: version.start,
        end: version.end,
        zone,
        previous: input.previous ? { start: input.previous.start, end: input.previous.end } : undefined,
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
    }),
    now,
  );
  return true;
}
