import { and, eq, isNull, ne } from 'drizzle-orm';
import { moveIncidents } from '../incidents/incident-store.ts';
import type { CheckConfig } from '../config/types.ts';
import type { Db } from '../store/database.ts';
import { incidentEnvironments, incidents, outages } from '../store/schema/index.ts';
import type { FailingCheck } from './incident-priority.ts';

// One failure, one incident: an environment is unavailable once however many of its
// availability checks see it (two checks down at once opened two identical incidents), and a
// feature fails once however many checks exercise it. The incident follows the failure from
// one outage to another while any of them is open.

/** What an incident the prober opens is about: the feature, or null for the environment itself. */
export function failureOf(check: CheckConfig): string | null {
  return check.role === 'feature' ? check.feature : null;
}

/** An unresolved incident the prober opened for the same failure of this check's environment, while its outage is open. */
export function incidentOfSameFailure(tx: Db, check: CheckConfig): number | null {
  const feature = failureOf(check);
  const row = tx
    .select({ id: incidents.id })
    .from(incidents)
    .innerJoin(outages, eq(outages.id, incidents.outageId))
    .innerJoin(incidentEnvironments, eq(incidentEnvironments.incidentId, incidents.id))
    .where(
      and(
        eq(incidents.channel, 'monitor'),
        isNull(incidents.resolvedAt),
        isNull(outages.end),
        eq(incidentEnvironments.envId, check.environmentId),
        feature === null ? isNull(incidents.feature) : eq(incidents.feature, feature),
      ),
    )
    .get();
  return row?.id ?? null;
}

/**
 * When one outage of a failure ends while another outage of the same failure is still open,
 * the unresolved incidents of the first follow the second (nothing is "monitoring" yet).
 * Returns the incidents handed over.
 */
export function handOverIncidents(tx: Db, checks: ReadonlyMap<string, FailingCheck>, check: CheckConfig, input: { outageId: number; now: number; actor: string }): number[] {
  const feature = failureOf(check);
  const following = tx
    .select({ id: outages.id, checkId: outages.checkId })
    .from(outages)
    .where(and(isNull(outages.end), eq(outages.envId, check.environmentId), ne(outages.id, input.outageId)))
    .all()
    .find((row) => {
      const other = checks.get(row.checkId)?.check;
      return other !== undefined && other.id !== check.id && failureOf(other) === feature;
    });
  if (!following) return [];
  return moveIncidents(tx, { fromOutageId: input.outageId, toOutageId: following.id, now: input.now, actor: input.actor });
}
