import type { Config } from '../../config/types.ts';
import { exclusionsOf } from '../../exclusions/exclusion-store.ts';
import { deadlineStatus } from '../../incidents/deadlines.ts';
import { loadIncidents, type Incident } from '../../incidents/incident-store.ts';
import { stateOf } from '../../incidents/incident-view.ts';
import { noticeState } from '../../maintenance/notice-state.ts';
import { currentVersion, windowStatus } from '../../maintenance/window-status.ts';
import { allWindows } from '../../maintenance/window-store.ts';
import { noticedVersionIds } from '../../notify/outbox-store.ts';
import { outagesBetween } from '../../outages/outage-store.ts';
import type { AnyDialect } from '../../store/any-dialect.ts';
import type { SreIncident, SreOutage, SreWindow } from '../../../status-page/pages/sre-page.tsx';

const DAY_MS = 86_400_000;
const OUTAGE_DAYS_MS = 30 * DAY_MS;
const RESOLVED_DAYS_MS = 30 * DAY_MS;
// Incidents resolved lately were opened within a year; older ones still open are read apart.
const OPENED_DAYS_MS = 366 * DAY_MS;

export interface SreView {
  windows: SreWindow[];
  outages: SreOutage[];
  openIncidents: SreIncident[];
  resolvedIncidents: SreIncident[];
}

/** What the SRE page lists: incidents open and lately resolved, windows to come or running with their notice, the last 30 days' outages. */
export async function sreView(deps: { store: AnyDialect; config: Config }, now: number): Promise<SreView> {
  const live = (await allWindows(deps.store)).filter((window) => {
    const status = windowStatus(window, now);
    return status === 'upcoming' || status === 'current';
  });
  const emailed = await noticedVersionIds(deps.store, live.map((window) => currentVersion(window).id));
  const windows = live
    .map((window) => {
      const version = currentVersion(window);
      return {
        id: window.id,
        environments: [...window.environmentIds],
        start: version.start,
        end: version.end,
        impact: window.impact,
        status: windowStatus(window, now),
        notice: noticeState(version, emailed.has(version.id)),
      };
    })
    .sort((a, b) => a.start - b.start);
  const outages = (await outagesBetween(deps.store, { from: now - OUTAGE_DAYS_MS, to: now + 1 })).reverse();
  const exclusions = await exclusionsOf(deps.store, outages.map((outage) => outage.id));
  const recent = (await loadIncidents(deps.store, { from: now - OPENED_DAYS_MS })).filter((incident) => incident.resolvedAt !== null && incident.resolvedAt >= now - RESOLVED_DAYS_MS);
  return {
    windows,
    outages: outages.map((outage) => ({
      id: outage.id,
      environment: outage.envId,
      checkId: outage.checkId,
      start: outage.start,
      end: outage.end,
      source: outage.source,
      exclusions: exclusions.filter((exclusion) => exclusion.outageId === outage.id).map((exclusion) => ({ reason: exclusion.reason, revoked: exclusion.revokedAt !== null })),
    })),
    openIncidents: (await loadIncidents(deps.store, { unresolvedOnly: true })).map((incident) => sreIncident(incident, now)),
    resolvedIncidents: recent.map((incident) => sreIncident(incident, now)),
  };
}

/** An incident with its two clocks at `now` (rule 8). */
export function sreIncident(incident: Incident, now: number): SreIncident {
  return {
    id: incident.id,
    title: incident.title,
    priority: incident.priority,
    kind: incident.kind,
    channel: incident.channel,
    public: incident.public,
    environments: [...incident.environmentIds],
    openedAt: incident.openedAt,
    externalRef: incident.externalRef,
    createdBy: incident.createdBy,
    state: stateOf(incident),
    responseDueAt: incident.responseDueAt,
    resolutionDueAt: incident.resolutionDueAt,
    respondedAt: incident.respondedAt,
    resolvedAt: incident.resolvedAt,
    status: deadlineStatus({ ...incident, now }),
  };
}
