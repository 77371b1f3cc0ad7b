import type { Calendars } from '../config/calendars.ts';
import type { Config, Language } from '../config/types.ts';
import type { StoreTx } from '../store/store.ts';
import { announcedMaintenanceAt, type AnnouncedMaintenance } from '../outages/announced-maintenance.ts';
import { findOutage, type Outage } from '../outages/outage-store.ts';
import { loadIncident, type IncidentFacts } from './incident-facts.ts';
import { messagesFor } from '../../status-page/i18n/messages.ts';
import { publicIncidentTitle } from '../../status-page/i18n/public-names.ts';
import { announcePublicly, loadWindow, queueCancellationNotice, queueVersionNotice, wasNoticedByVeille } from './maintenance-notices.ts';
import type { NewEvent } from './event-store.ts';
import { tellSubscribers } from './subscriber-fanout.ts';
import { alertTeam } from './team-fanout.ts';
import { publicIncidentMessage } from './templates/subscriber-messages.ts';
import { certificateAlert, incidentAlert, outageClosedAlert, outageOpenedAlert } from './templates/team-alerts.ts';

/**
 * What the other areas tell the notifier. Every method only writes rows (events and outbox)
 * in the database or transaction it is given: no network, nothing that waits. The delivery
 * worker sends later, with retries.
 *
 * - Alert methods (outages, incidents) never throw: they run in a savepoint and a failure is
 *   logged, so the caller's own write stands.
 * - Maintenance methods write in the registry's store transaction, and reject with an ApiError
 *   (400, field `notify`) when a notice was asked for and cannot be sent.
 */
export interface NotificationEvents {
  /** After the window and its first version are written. `notify`: e-mail the formal notice to the clients' contacts. */
  windowRegistered(tx: StoreTx, input: { windowId: number; notify: boolean }, now: number): Promise<void>;
  /**
   * After the new version is written. `notify` omitted: e-mailed when veille sent the window's notice before
   * and the new times came without a notice of their own (no noticeRef).
   */
  windowRescheduled(tx: StoreTx, input: { windowId: number; notify?: boolean | undefined }, now: number): Promise<void>;
  /** After the window is marked cancelled. `notify` omitted: e-mailed when veille sent its notice. */
  windowCancelled(tx: StoreTx, input: { windowId: number; notify?: boolean | undefined }, now: number): Promise<void>;
  /** After an outage row is written (probe or manual). Told once per outage id, across restarts. */
  outageOpened(tx: StoreTx, input: { outageId: number }, now: number): Promise<void>;
  /** After an outage's end is written. `closedBy`: who ended a manual outage. */
  outageClosed(tx: StoreTx, input: { outageId: number; closedBy?: string | undefined }, now: number): Promise<void>;
  incidentOpened(tx: StoreTx, input: { incidentId: number }, now: number): Promise<void>;
  incidentResolved(tx: StoreTx, input: { incidentId: number }, now: number): Promise<void>;
  /** An https check's certificate entered its warning period or expired. Told once per (check, notAfter), across restarts. */
  certificateExpiring(tx: StoreTx, input: { checkId: string; notAfter: number }, now: number): Promise<void>;
}

export interface NotifyDeps {
  readonly config: Config;
  readonly calendars: Calendars;
  /** Where failures of alert hooks go (they must not fail the caller). */
  readonly log?: (message: string) => void;
}

export function createNotificationEvents(deps: NotifyDeps): NotificationEvents {
  const log = deps.log ?? ((message: string) => console.error(message));
  const environment = (id: string) => deps.config.environments.find((candidate) => candidate.id === id);
  const zoneOf = (envId: string | undefined) => {
    const found = envId ? environment(envId) : undefined;
    return (found ? deps.calendars.forEnvironment(found) : deps.calendars.default).timeZone;
  };

  /** Alerts are best effort for the caller: a bug here must not undo an outage or an incident. They run in a savepoint of the caller's store transaction. */
  const safelyInStore = async (what: string, tx: StoreTx, write: (tx: StoreTx) => Promise<void>) => {
    try {
      await tx.savepoint(write);
    } catch (error) {
      log(`notifications: ${what} not queued: ${(error as Error).message}`);
    }
  };

  /** The team's alert of an outage opened or closed (null: nothing to tell, as for an outage not yet ended). */
  const outageNews = (outage: Outage, change: 'opened' | 'closed', maintenance: AnnouncedMaintenance | null, closedBy?: string) => {
    if (change === 'closed' && outage.end === null) return null;
    const outageId = outage.id;
    const env = environment(outage.envId);
    const check = env?.checks.find((candidate) => candidate.id === outage.checkId);
    const ref = { id: outage.envId, name: env?.name ?? outage.envId };
    // A manual outage says who recorded it (and who ended it): nobody probed it.
    const byHand = outage.source === 'manual' ? { recordedBy: outage.createdBy ?? 'unknown', closedBy: closedBy ?? null } : null;
    const common = { environment: ref, checkId: outage.checkId, feature: check?.feature ?? null, start: outage.start, zone: zoneOf(outage.envId), byHand };
    const details = {
      outageId,
      checkId: outage.checkId,
      start: new Date(outage.start).toISOString(),
      source: outage.source,
      ...(byHand ? { recordedBy: byHand.recordedBy, ...(change === 'closed' && byHand.closedBy ? { closedBy: byHand.closedBy } : {}) } : {}),
      ...(maintenance ? { duringMaintenance: maintenance.windowId } : {}),
    };
    const event: NewEvent =
      change === 'opened'
        ? { key: `outage-opened:${outageId}`, kind: 'outage_opened', envId: outage.envId, subject: `outage:${outageId}`, occurredAt: outage.start, details }
        : {
            key: `outage-closed:${outageId}`,
            kind: 'outage_closed',
            envId: outage.envId,
            subject: `outage:${outageId}`,
            occurredAt: outage.end!,
            details: { ...details, end: new Date(outage.end!).toISOString() },
          };
    const message =
      change === 'opened'
        ? outageOpenedAlert({ ...common, reason: outage.reason, maintenance })
        : outageClosedAlert({ ...common, end: outage.end!, checkRemoved: outage.closedReason === 'check_removed', monitoringStopped: outage.closedReason === 'gap' });
    return { event, environmentIds: [outage.envId], message, options: { duringMaintenance: maintenance !== null } };
  };

  const outageAlert = (store: StoreTx, outageId: number, change: 'opened' | 'closed', now: number, closedBy?: string) =>
    safelyInStore(`outage ${outageId} ${change}`, store, async (tx) => {
      const outage = await findOutage(tx, outageId);
      if (!outage) return;
      // Told for the opening (and routed alike for both ends): it began inside announced maintenance.
      const news = outageNews(outage, change, await announcedMaintenanceAt(tx, outage.envId, outage.start), closedBy);
      if (news) await alertTeam(tx, deps.config, news.event, news.environmentIds, news.message, now, news.options);
    });

  /** What an incident's opening or resolution tells: the team's alert, and the subscribers' notice when it is news for the public. */
  const incidentNews = (incident: IncidentFacts, change: 'opened' | 'resolved', now: number) => {
    const at = change === 'opened' ? incident.row.openedAt : (incident.row.resolvedAt ?? now);
    const zone = zoneOf(incident.environmentIds[0]);
    const alert = {
      event: { key: `incident-${change}:${incident.id}`, kind: `incident_${change}`, envId: incident.environmentIds[0] ?? null, subject: `incident:${incident.id}`, occurredAt: at, details: { priority: incident.priority } } satisfies NewEvent,
      environmentIds: incident.environmentIds,
      message: incidentAlert({ incident, change, at, zone }),
    };
    // An incident recorded after the fact (an imported ticket: openedAt before it was recorded)
    // is not "in progress" news for subscribers, nor then its resolution.
    if (!incident.row.public || incident.row.openedAt < incident.row.createdAt) return { alert, subscribers: null };
    const publicNames = incident.environmentIds.flatMap((id) => {
      const env = environment(id);
      return env?.public ? [env.name] : [];
    });
    const subscribers = {
      event: { key: `incident-public-${change}:${incident.id}`, kind: 'incident_public', subject: `incident:${incident.id}`, occurredAt: at } satisfies NewEvent,
      render: (language: Language) => {
        // The monitor's own titles name checks: subscribers read the page's wording instead.
        const fromMonitor = incident.monitor != null;
        const title = publicIncidentTitle(messagesFor(language), {
          title: fromMonitor ? null : incident.title,
          feature: fromMonitor ? incident.monitor!.feature : null,
          environments: publicNames.map((name) => ({ name })),
        });
        return publicIncidentMessage({ change, incidentId: incident.id, title, environments: publicNames, at, zone: deps.calendars.default.timeZone, language });
      },
    };
    return { alert, subscribers };
  };

  const incidentChange = (store: StoreTx, incidentId: number, change: 'opened' | 'resolved', now: number) =>
    safelyInStore(`incident ${incidentId} ${change}`, store, async (tx) => {
      const incident = await loadIncident(tx, deps.config, incidentId);
      if (!incident) return;
      const { alert, subscribers } = incidentNews(incident, change, now);
      await alertTeam(tx, deps.config, alert.event, alert.environmentIds, alert.message, now);
      if (subscribers) await tellSubscribers(tx, deps.config, subscribers.event, subscribers.render, now);
    });

  return {
    async windowRegistered(tx, input, now) {
      if (input.notify) await queueVersionNotice(tx, deps, { windowId: input.windowId, kind: 'notice' }, now);
      await announcePublicly(tx, deps, { windowId: input.windowId, change: 'announced' }, now);
    },
    async windowRescheduled(tx, input, now) {
      const { window, current } = await loadWindow(tx, input.windowId);
      // Inferred only when the new times came without a notice sent by other means (a noticeRef).
      const notify = input.notify ?? (current.noticeRef === null && (await wasNoticedByVeille(tx, window)));
      if (notify) await queueVersionNotice(tx, deps, { windowId: input.windowId, kind: 'change' }, now);
      await announcePublicly(tx, deps, { windowId: input.windowId, change: 'changed' }, now);
    },
    async windowCancelled(tx, input, now) {
      const { window } = await loadWindow(tx, input.windowId);
      if (input.notify ?? (await wasNoticedByVeille(tx, window))) await queueCancellationNotice(tx, deps, { windowId: input.windowId, required: input.notify === true }, now);
      await announcePublicly(tx, deps, { windowId: input.windowId, change: 'cancelled' }, now);
    },
    outageOpened: (tx, input, now) => outageAlert(tx, input.outageId, 'opened', now),
    outageClosed: (tx, input, now) => outageAlert(tx, input.outageId, 'closed', now, input.closedBy),
    incidentOpened: (tx, input, now) => incidentChange(tx, input.incidentId, 'opened', now),
    incidentResolved: (tx, input, now) => incidentChange(tx, input.incidentId, 'resolved', now),
    certificateExpiring: (store, input, now) =>
      safelyInStore(`certificate of ${input.checkId}`, store, async (tx) => {
        const env = deps.config.environments.find((candidate) => candidate.checks.some((check) => check.id === input.checkId));
        const check = env?.checks.find((candidate) => candidate.id === input.checkId);
        if (!env || !check) return;
        const notAfter = new Date(input.notAfter).toISOString();
        await alertTeam(
          tx,
          deps.config,
          {
            key: `certificate-expiring:${input.checkId}:${input.notAfter}`,
            kind: 'certificate_expiring',
            envId: env.id,
            subject: `check:${input.checkId}`,
            occurredAt: now,
            details: { checkId: input.checkId, url: check.url, notAfter, expired: input.notAfter <= now },
          },
          [env.id],
          certificateAlert({ environment: { id: env.id, name: env.name }, checkId: input.checkId, url: check.url, notAfter: input.notAfter, now, zone: zoneOf(env.id) }),
          now,
        );
      }),
  };
}
