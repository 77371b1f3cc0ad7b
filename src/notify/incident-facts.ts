import { asc, eq, inArray } from 'drizzle-orm';
import type { Config, Priority } from '../config/types.ts';
import type { AnyDialect } from '../store/any-dialect.ts';
import type { incidents } from '../store/schema/index.ts';
import type { IncidentRef } from './templates/team-alerts.ts';

export type IncidentRow = typeof incidents.$inferSelect;

export interface IncidentFacts extends IncidentRef {
  readonly row: IncidentRow;
  readonly environmentIds: readonly string[];
}

/** One incident as alerts describe it, read through the store (in a transaction or not); null when there is none. */
export async function loadIncident({ db, t }: AnyDialect, config: Config, id: number): Promise<IncidentFacts | null> {
  const [row] = await db.select().from(t.incidents).where(eq(t.incidents.id, id));
  if (!row) return null;
  const links = await db.select().from(t.incidentEnvironments).where(eq(t.incidentEnvironments.incidentId, id)).orderBy(asc(t.incidentEnvironments.envId));
  const outageIds = monitorOutages([row]);
  const reasons = outageIds.length === 0 ? [] : await db.select({ id: t.outages.id, reason: t.outages.reason }).from(t.outages).where(inArray(t.outages.id, outageIds));
  return describe(config, [row], links, reasons)[0]!;
}

/** The outages whose reason an incident the monitor opened repeats. */
function monitorOutages(rows: readonly IncidentRow[]): number[] {
  return rows.flatMap((row) => (row.channel === 'monitor' && row.outageId !== null ? [row.outageId] : []));
}

function describe(
  config: Config,
  rows: readonly IncidentRow[],
  links: readonly { incidentId: number; envId: string }[],
  outageReasons: readonly { id: number; reason: string | null }[],
): IncidentFacts[] {
  const reasons = new Map(outageReasons.map((outage) => [outage.id, outage.reason] as const));
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
