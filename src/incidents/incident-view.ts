import { toIso, toIsoOrNull } from '../time/iso.ts';
import { deadlineStatus } from './deadlines.ts';
import type { Incident, IncidentEvent } from './incident-store.ts';

export type IncidentState = 'open' | 'responded' | 'resolved';

export function stateOf(incident: Incident): IncidentState {
  if (incident.resolvedAt !== null) return 'resolved';
  return incident.respondedAt !== null ? 'responded' : 'open';
}

/**
 * An incident as the support desk sees it: deadlines, whether each was met (null while its
 * clock runs) and the time left (due − now while running, due − stop once stopped; negative:
 * late), with its timeline.
 */
export function incidentView(incident: Incident, events: readonly IncidentEvent[], now: number) {
  const status = deadlineStatus({ ...incident, now });
  return {
    id: incident.id,
    title: incident.title,
    priority: incident.priority,
    kind: incident.kind,
    channel: incident.channel,
    public: incident.public,
    environments: incident.environmentIds,
    calendar: incident.calendar,
    state: stateOf(incident),
    openedAt: toIso(incident.openedAt),
    externalRef: incident.externalRef,
    createdAt: toIso(incident.createdAt),
    createdBy: incident.createdBy,
    responseDueAt: toIso(incident.responseDueAt),
    resolutionDueAt: toIsoOrNull(incident.resolutionDueAt),
    respondedAt: toIsoOrNull(incident.respondedAt),
    resolvedAt: toIsoOrNull(incident.resolvedAt),
    responseMet: status.responseMet,
    resolutionMet: status.resolutionMet,
    timeLeft: { responseMs: status.responseLeftMs, resolutionMs: status.resolutionLeftMs },
    outageId: incident.outageId,
    checkId: incident.checkId,
    feature: incident.feature,
    events: events
      .filter((event) => event.incidentId === incident.id)
      .map((event) => ({ id: event.id, at: toIso(event.at), actor: event.actor, type: event.type, message: event.message, details: event.details })),
  };
}

// Timeline steps whose text was written to be published (the rest is the desk's business).
const PUBLISHED = new Set(['update', 'monitoring', 'resolved']);

/**
 * What anyone may read of a public incident (rule 9): only public environments, no people,
 * no external references, the published updates; titles the monitor wrote may name checks.
 */
export function publicIncidentView(incident: Incident, events: readonly IncidentEvent[], publicEnvironmentIds: ReadonlySet<string>) {
  return {
    id: incident.id,
    title: incident.channel === 'monitor' ? null : incident.title,
    priority: incident.priority,
    environments: incident.environmentIds.filter((id) => publicEnvironmentIds.has(id)),
    state: stateOf(incident),
    openedAt: toIso(incident.openedAt),
    respondedAt: toIsoOrNull(incident.respondedAt),
    resolvedAt: toIsoOrNull(incident.resolvedAt),
    updates: events
      .filter((event) => event.incidentId === incident.id && PUBLISHED.has(event.type) && event.message !== null)
      .map((event) => ({ at: toIso(event.at), type: event.type, message: event.message })),
  };
}
