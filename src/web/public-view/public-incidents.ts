import { and, asc, eq, gte, inArray, isNull, or } from 'drizzle-orm';
import type { EnvironmentConfig, Priority } from '../../config/types.ts';
import type { Db } from '../../store/database.ts';
import { incidentEnvironments, incidentEvents, incidents } from '../../store/schema/index.ts';
import type { IncidentImpact, IncidentStatus, PublicIncident, PublicIncidentUpdate } from './types.ts';

export const RECENT_INCIDENT_MS = 14 * 86_400_000;

// Statuspage's impact words for the contract's priorities (rule 8): I is a production down.
const IMPACT: Record<Priority, IncidentImpact> = { I: 'critical', II: 'major', III: 'minor', IV: 'none' };

// Timeline steps the public sees, and the status each one moves the incident to. Other steps
// (priority changes, internal notes) are the support team's business.
const STEP_STATUS: Record<string, IncidentStatus | 'keep'> = {
  opened: 'investigating',
  responded: 'identified',
  update: 'keep',
  monitoring: 'monitoring',
  resolved: 'resolved',
};
// Steps whose text was written to be published.
const PUBLISHED_TEXT = new Set(['update', 'monitoring', 'resolved']);

/**
 * Public incidents that touch a public production environment: open ones, and those resolved
 * in the last 14 days, newest first, each with its public timeline. Only the public
 * environments' names are given; titles the monitor wrote (which may name checks) are not.
 */
export function publicIncidents(db: Db, environments: readonly EnvironmentConfig[], now: number): { open: PublicIncident[]; recent: PublicIncident[] } {
  const names = new Map(environments.map((environment) => [environment.id, environment.name]));
  if (names.size === 0) return { open: [], recent: [] };
  const rows = db
    .select()
    .from(incidents)
    .where(and(eq(incidents.public, true), or(isNull(incidents.resolvedAt), gte(incidents.resolvedAt, now - RECENT_INCIDENT_MS))))
    .all()
    .filter((row) => row.openedAt <= now);
  if (rows.length === 0) return { open: [], recent: [] };
  const ids = rows.map((row) => row.id);
  const links = db.select().from(incidentEnvironments).where(inArray(incidentEnvironments.incidentId, ids)).all();
  const events = db
    .select({ id: incidentEvents.id, incidentId: incidentEvents.incidentId, at: incidentEvents.at, type: incidentEvents.type, message: incidentEvents.message })
    .from(incidentEvents)
    .where(inArray(incidentEvents.incidentId, ids))
    .orderBy(asc(incidentEvents.at), asc(incidentEvents.id))
    .all();

  const open: PublicIncident[] = [];
  const recent: PublicIncident[] = [];
  for (const row of rows) {
    const shown = links.filter((link) => link.incidentId === row.id && names.has(link.envId)).map((link) => ({ id: link.envId, name: names.get(link.envId)! }));
    if (shown.length === 0) continue;
    let status: IncidentStatus = 'investigating';
    const updates: PublicIncidentUpdate[] = [];
    for (const event of events) {
      if (event.incidentId !== row.id || event.at > now) continue;
      const step = STEP_STATUS[event.type];
      if (!step) continue;
      if (step !== 'keep') status = step;
      const message = PUBLISHED_TEXT.has(event.type) && event.message ? event.message : null;
      if (step === 'keep' && message === null) continue;
      updates.push({ id: event.id, at: event.at, status, message });
    }
    if (row.resolvedAt !== null && row.resolvedAt <= now) status = 'resolved';
    else if (status === 'resolved') status = 'monitoring';
    else if (status === 'investigating' && row.respondedAt !== null && row.respondedAt <= now) status = 'identified';
    const incident: PublicIncident = {
      id: row.id,
      title: row.channel === 'monitor' ? null : row.title,
      impact: IMPACT[row.priority],
      status,
      openedAt: row.openedAt,
      respondedAt: row.respondedAt,
      resolvedAt: row.resolvedAt,
      updatedAt: Math.max(row.openedAt, ...updates.map((update) => update.at), row.resolvedAt ?? 0),
      environments: shown,
      updates: updates.reverse(),
    };
    (status === 'resolved' ? recent : open).push(incident);
  }
  const newest = (a: PublicIncident, b: PublicIncident) => b.openedAt - a.openedAt || b.id - a.id;
  return { open: open.sort(newest), recent: recent.sort(newest) };
}
