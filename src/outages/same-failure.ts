import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import { moveIncidents } from '../incidents/incident-store.ts';
import type { CheckConfig } from '../config/types.ts';
import type { Tables } from '../store/any-dialect.ts';
import type { StoreTx } from '../store/store.ts';
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
export async function incidentOfSameFailure(tx: StoreTx, check: CheckConfig): Promise<number | null> {
  const { incidents, outages, incidentEnvironments } = tx.t;
  const [row] = await tx.db
    .select({ id: incidents.id })
    .from(incidents)
    .innerJoin(outages, eq(outages.id, incidents.outageId))
    .innerJoin(incidentEnvironments, eq(incidentEnvironments.incidentId, incidents.id))
    .where(sameFailure(tx.t, check))
    .orderBy(asc(incidents.id))
    .limit(1);
  return row?.id ?? null;
}

/** Unresolved incidents the prober opened, their outage open, about this check's failure in its environment. */
function sameFailure({ incidents, outages, incidentEnvironments }: Tables, check: CheckConfig) {
  const feature = failureOf(check);
  return and(
    eq(incidents.channel, 'monitor'),
    isNull(incidents.resolvedAt),
    isNull(outages.end),
    eq(incidentEnvironments.envId, check.environmentId),
    feature === null ? isNull(incidents.feature) : eq(incidents.feature, feature),
  );
}

export interface HandOver {
  readonly outageId: number;
  readonly now: number;
  readonly actor: string;
}

/**
 * When one outage of a failure ends while another outage of the same failure is still open,
 * the unresolved incidents of the first follow the second (nothing is "monitoring" yet).
 * Returns the incidents handed over.
 */
export async function handOverIncidents(tx: StoreTx, checks: ReadonlyMap<string, FailingCheck>, check: CheckConfig, input: HandOver): Promise<number[]> {
  const { outages } = tx.t;
  const open = await tx.db
    .select({ id: outages.id, checkId: outages.checkId })
    .from(outages)
    .where(and(isNull(outages.end), eq(outages.envId, check.environmentId), ne(outages.id, input.outageId)))
    .orderBy(asc(outages.id));
  const following = open.find((row) => sameFailureElsewhere(checks, check, row.checkId));
  if (!following) return [];
  return moveIncidents(tx, { fromOutageId: input.outageId, toOutageId: following.id, now: input.now, actor: input.actor });
}

/** Whether another check (by id) sees the same failure as this one. */
function sameFailureElsewhere(checks: ReadonlyMap<string, FailingCheck>, check: CheckConfig, otherId: string): boolean {
  const other = checks.get(otherId)?.check;
  return other !== undefined && other.id !== check.id && failureOf(other) === failureOf(check);
}
