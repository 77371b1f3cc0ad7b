import { eq, inArray } from 'drizzle-orm';
import type { Config, Priority } from '../config/types.ts';
import type { Db } from '../store/database.ts';
import { incidentEnvironments, incidents, outages } from '../store/schema/index.ts';
import type { IncidentRef } from './templates/team-alerts.ts';

export type IncidentRow = typeof incidents.$inferSelect;

export interface IncidentFacts extends IncidentRef {
  readonly row: IncidentRow;
  readonly environmentIds: readonly string[];
}

/** Incidents with the environments they name, as alerts describe them. */
export function loadIncidents(db: Db, config: Config, rows: readonly IncidentRow[]): IncidentFacts[] {
  if (rows.length === 0) return [];
  const links = db
    .select()
    .from(incidentEnvironments)
    .where(inArray(incidentEnvironments.incidentId, rows.map((row) => row.id)))
    .all();
  const outageIds = rows.flatMap((row) => (row.channel === 'monitor' && row.outageId !== null ? [row.outageId] : []));
  const reasons = new Map(
    outageIds.length === 0 ? [] : db.select({ id: outages.id, reason: outages.reason }).from(outages).where(inArray(outages.id, outageIds)).all().map((outage) => [outage.id, outage.reason] as const),
  );
  return rows.map((row) => {
    const environmentIds = links.filter((link) => link.incidentId === row.id).map((link) => link.envId);
    return {
      monitor: row.channel === 'monitor' && row.checkId !== null ? { checkId: row.checkId, feature: row.feature, reason: reasons.get(row.outageId ?? -1) ?? null } : null,
      row,
      id: row.id,
      title: row.title,
      priority: row.priority as Priority,
      environmentIds,
      environments: environmentIds.map((id) => ({ id, name: config.environments.find((environment) => environment.id === id)?.name ?? id })),
    };
  });
}

export function loadIncident(db: Db, config: Config, id: number): IncidentFacts | null {
  const row = db.select().from(incidents).where(eq(incidents.id, id)).get();
  return row ? loadIncidents(db, config, [row])[0]! : null;
}
