import type { EnvironmentConfig, Priority } from '../../config/types.ts';
import { eventsOf, loadIncidents, type Incident } from '../../incidents/incident-store.ts';
import type { AnyDialect } from '../../store/any-dialect.ts';
import type { IncidentImpact, IncidentStatus, PublicIncident, PublicIncidentUpdate } from './types.ts';

export const RECENT_INCIDENT_MS = 14 * 86_400_000;

// Statuspage's impact words for the contract's priorities (rule 8): I is a production down.
const IMPACT: Record<Priority, IncidentImpact> = { I: 'critical', II: 'major', III: 'minor', IV: 'none' };

// Timeline steps the public sees, and the status each moves the incident to. Priority changes
// are the support desk's business.
const STEP_STATUS: Record<string, IncidentStatus | 'keep'> = {
  opened: 'investigating',
  responded: 'identified',
  update: 'keep',
  monitoring: 'monitoring',
  resolved: 'resolved',
};

// A public status only moves forward, as Statuspage's do: a first response recorded after the
// check answered again (monitoring) does not take the incident back to "identified".
const PROGRESS: readonly IncidentStatus[] = ['investigating', 'identified', 'monitoring', 'resolved'];
const furthest = (a: IncidentStatus, b: IncidentStatus) => (PROGRESS.indexOf(b) > PROGRESS.indexOf(a) ? b : a);

/** How many incidents the Statuspage documents list, open and resolved, as Statuspage does. */
export const LATEST_INCIDENTS = 50;

/**
 * Public incidents that touch a public production environment: open ones, those resolved in
 * the last 14 days (the page's lists), and the 50 most recent whatever their age (the
 * documents'), newest first, each with its public timeline. Only the public environments'
 * names are given; titles the monitor wrote (which may name checks) are not.
 */
export async function publicIncidents(
  store: AnyDialect,
  environments: readonly EnvironmentConfig[],
  now: number,
): Promise<{ open: PublicIncident[]; recent: PublicIncident[]; latest: PublicIncident[] }> {
  const names = new Map(environments.map((environment) => [environment.id, environment.name]));
  if (names.size === 0) return { open: [], recent: [], latest: [] };
  // Newest opening first.
  const candidates = (await loadIncidents(store, { publicOnly: true })).filter((incident) => incident.openedAt <= now && incident.environmentIds.some((id) => names.has(id)));
  const latestIds = new Set(candidates.slice(0, LATEST_INCIDENTS).map((incident) => incident.id));
  const onPage = (incident: Incident) => incident.resolvedAt === null || incident.resolvedAt > now || incident.resolvedAt >= now - RECENT_INCIDENT_MS;
  const shownIncidents = candidates.filter((incident) => latestIds.has(incident.id) || onPage(incident));
  const events = await eventsOf(store, shownIncidents.map((incident) => incident.id));

  const open: PublicIncident[] = [];
  const recent: PublicIncident[] = [];
  const latest: PublicIncident[] = [];
  for (const incident of shownIncidents) {
    let status: IncidentStatus = 'investigating';
    const updates: PublicIncidentUpdate[] = [];
    for (const event of events) {
      if (event.incidentId !== incident.id || event.at > now) continue;
      const step = STEP_STATUS[event.type];
      if (!step) continue;
      if (step !== 'keep') status = furthest(status, step);
      if (step === 'keep' && !event.message) continue;
      updates.push({ id: event.id, at: event.at, status, message: event.message || null });
    }
    if (incident.resolvedAt !== null && incident.resolvedAt <= now) status = 'resolved';
    else if (status === 'resolved') status = 'monitoring';
    const view: PublicIncident = {
      id: incident.id,
      title: incident.channel === 'monitor' ? null : incident.title,
      feature: incident.channel === 'monitor' ? incident.feature : null,
      impact: IMPACT[incident.priority],
      status,
      openedAt: incident.openedAt,
      respondedAt: incident.respondedAt,
      resolvedAt: status === 'resolved' ? incident.resolvedAt : null,
      updatedAt: Math.max(incident.openedAt, ...updates.map((update) => update.at)),
      environments: incident.environmentIds.filter((id) => names.has(id)).map((id) => ({ id, name: names.get(id)! })),
      updates: updates.reverse(),
    };
    if (latestIds.has(incident.id)) latest.push(view);
    if (status !== 'resolved') open.push(view);
    else if (onPage(incident)) recent.push(view);
  }
  const newest = (a: PublicIncident, b: PublicIncident) => b.openedAt - a.openedAt || b.id - a.id;
  return { open: open.sort(newest), recent: recent.sort(newest), latest: latest.sort(newest) };
}
