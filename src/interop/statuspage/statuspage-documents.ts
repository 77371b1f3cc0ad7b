// The public snapshot in the shapes of Statuspage's public API (v2), so that widgets and
// integrations written for Statuspage can read veille. Field names and enums are Statuspage's;
// the values are veille's:
// - a component is a public production environment (its id is the environment id);
// - component status: operational, degraded_performance, partial_outage, major_outage,
//   under_maintenance; an environment with no recent data reads as degraded_performance,
//   the mildest state that does not claim it is operational, and its description says
//   "no recent data" in words;
// - status.indicator: none, minor, major, critical (maintenance in progress is "none");
// - incident impact from the priority: I critical, II major, III minor, IV none.
import type { Messages } from '../../../status-page/i18n/messages.ts';
import type { PublicAddress } from '../public-address.ts';
import { cleanText } from '../../../status-page/components/safe-text.tsx';
import { publicIncidentTitle } from '../../../status-page/i18n/public-names.ts';
import type { EnvironmentState, OverallState, PublicEnvironment, PublicIncident, PublicSnapshot, PublicWindow } from '../../web/public-view/types.ts';

export const PAGE_ID = 'veille';

const COMPONENT_STATUS: Record<EnvironmentState, string> = {
  operational: 'operational',
  degraded: 'degraded_performance',
  partial_outage: 'partial_outage',
  major_outage: 'major_outage',
  maintenance: 'under_maintenance',
  unknown: 'degraded_performance',
};

const INDICATOR: Record<OverallState, 'none' | 'minor' | 'major' | 'critical'> = {
  operational: 'none',
  maintenance: 'none',
  degraded: 'minor',
  unknown: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};

const iso = (ms: number) => new Date(ms).toISOString();

export interface DocumentContext {
  snapshot: PublicSnapshot;
  /** The status page's public address (notifications.publicUrl), for `url` and `shortlink`. */
  address: PublicAddress;
  t: Messages;
}

export function pageOf({ snapshot, address }: DocumentContext) {
  return { id: PAGE_ID, name: 'veille', url: address.link('/'), time_zone: snapshot.timeZone, updated_at: iso(snapshot.generatedAt) };
}

export function statusOf({ snapshot, t }: DocumentContext) {
  return { indicator: INDICATOR[snapshot.overall], description: t.overall[snapshot.overall] };
}

function component(context: DocumentContext, environment: PublicEnvironment, position: number) {
  const created = environment.since ?? context.snapshot.generatedAt;
  return {
    id: environment.id,
    name: cleanText(environment.name),
    status: COMPONENT_STATUS[environment.state],
    created_at: iso(created),
    updated_at: iso(environment.updatedAt ?? context.snapshot.generatedAt),
    position,
    description: environment.state === 'unknown' ? context.t.envState.unknown : null,
    showcase: true,
    start_date: environment.since === null ? null : iso(environment.since).slice(0, 10),
    group_id: null,
    page_id: PAGE_ID,
    group: false,
    only_show_if_degraded: false,
  };
}

export function componentsOf(context: DocumentContext) {
  return context.snapshot.environments.map((environment, k) => component(context, environment, k + 1));
}

function componentsNamed(context: DocumentContext, ids: ReadonlyArray<{ id: string }>) {
  const all = componentsOf(context);
  return ids.map(({ id }) => all.find((candidate) => candidate.id === id)).filter((found) => found !== undefined);
}

function incident(context: DocumentContext, item: PublicIncident) {
  const { t } = context;
  const id = String(item.id);
  const name = cleanText(publicIncidentTitle(t, item));
  const monitoring = item.updates.filter((update) => update.status === 'monitoring').at(-1);
  return {
    id,
    name,
    status: item.status,
    created_at: iso(item.openedAt),
    updated_at: iso(item.updatedAt),
    monitoring_at: monitoring ? iso(monitoring.at) : null,
    resolved_at: item.resolvedAt === null ? null : iso(item.resolvedAt),
    impact: item.impact,
    shortlink: context.address.link(`/#incident-${id}`),
    started_at: iso(item.openedAt),
    page_id: PAGE_ID,
    incident_updates: item.updates.map((update) => ({
      id: `${id}-${update.id}`,
      status: update.status,
      body: cleanText(update.message ?? t.incidentStepText[update.status] ?? ''),
      incident_id: id,
      created_at: iso(update.at),
      updated_at: iso(update.at),
      display_at: iso(update.at),
      affected_components: null,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    })),
    components: componentsNamed(context, item.environments),
  };
}

/** `all`: the 50 most recent, open and resolved, as Statuspage's incidents.json. */
export function incidentsOf(context: DocumentContext, which: 'all' | 'unresolved') {
  const { open, latest } = context.snapshot.incidents;
  return (which === 'all' ? latest : open).slice(0, 50).map((item) => incident(context, item));
}

// Statuspage has no "cancelled" status: a window withdrawn before it began is "completed" at its
// cancellation, named and described as cancelled, so that no reader keeps it as upcoming.
const MAINTENANCE_STATUS: Record<PublicWindow['status'], string> = { upcoming: 'scheduled', current: 'in_progress', past: 'completed', cancelled: 'completed' };

function maintenance(context: DocumentContext, window: PublicWindow) {
  const { t } = context;
  const id = `maintenance-${window.id}`;
  const announced = window.noticeSentAt ?? window.createdAt;
  const body = cleanText(window.impact);
  const update = (suffix: string, status: string, at: number) => ({
    id: `${id}-${suffix}`,
    status,
    body,
    incident_id: id,
    created_at: iso(at),
    updated_at: iso(at),
    display_at: iso(at),
    affected_components: null,
    deliver_notifications: true,
    custom_tweet: null,
    tweet_id: null,
  });
  const updates = [update('scheduled', 'scheduled', announced)];
  const cancelledAt = window.status === 'cancelled' ? (window.cancelledAt ?? window.updatedAt) : null;
  if (cancelledAt !== null) updates.push({ ...update('cancelled', 'completed', cancelledAt), body: t.maintenanceCancelledText });
  if (window.status === 'current' || window.status === 'past') updates.push(update('in_progress', 'in_progress', window.start));
  if (window.status === 'past') updates.push(update('completed', 'completed', window.end));
  const lastStep = cancelledAt ?? (window.status === 'past' ? window.end : window.status === 'current' ? window.start : announced);
  const names = window.environments.map((environment) => environment.name).join(', ');
  return {
    id,
    name: cleanText(cancelledAt === null ? t.maintenanceName(names) : t.cancelledMaintenanceName(names)),
    status: MAINTENANCE_STATUS[window.status],
    created_at: iso(window.createdAt),
    updated_at: iso(Math.max(window.updatedAt, lastStep)),
    monitoring_at: null,
    resolved_at: cancelledAt !== null ? iso(cancelledAt) : window.status === 'past' ? iso(window.end) : null,
    impact: 'maintenance',
    shortlink: context.address.link(`/#maintenance-${window.id}`),
    started_at: iso(window.start),
    page_id: PAGE_ID,
    incident_updates: updates.reverse(),
    components: componentsNamed(context, window.environments),
    scheduled_for: iso(window.start),
    scheduled_until: iso(window.end),
  };
}

export function maintenancesOf(context: DocumentContext, which: 'all' | 'upcoming' | 'active') {
  const { current, upcoming, latest } = context.snapshot.maintenance;
  const list = which === 'upcoming' ? upcoming : which === 'active' ? current : latest;
  return list.slice(0, 50).map((window) => maintenance(context, window));
}

export function summaryOf(context: DocumentContext) {
  return {
    page: pageOf(context),
    components: componentsOf(context),
    incidents: incidentsOf(context, 'unresolved'),
    scheduled_maintenances: [...maintenancesOf(context, 'active'), ...maintenancesOf(context, 'upcoming')],
    status: statusOf(context),
  };
}

/** The documents served under /api/v2, by name. */
export type StatuspageRender = (context: DocumentContext) => unknown;

export const STATUSPAGE_DOCUMENTS: Record<string, StatuspageRender> = {
  'summary.json': summaryOf,
  'status.json': (context) => ({ page: pageOf(context), status: statusOf(context) }),
  'components.json': (context) => ({ page: pageOf(context), components: componentsOf(context) }),
  'incidents.json': (context) => ({ page: pageOf(context), incidents: incidentsOf(context, 'all') }),
  'incidents/unresolved.json': (context) => ({ page: pageOf(context), incidents: incidentsOf(context, 'unresolved') }),
  'scheduled-maintenances.json': (context) => ({ page: pageOf(context), scheduled_maintenances: maintenancesOf(context, 'all') }),
  'scheduled-maintenances/upcoming.json': (context) => ({ page: pageOf(context), scheduled_maintenances: maintenancesOf(context, 'upcoming') }),
  'scheduled-maintenances/active.json': (context) => ({ page: pageOf(context), scheduled_maintenances: maintenancesOf(context, 'active') }),
};
