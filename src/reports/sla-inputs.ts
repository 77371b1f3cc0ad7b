import { and, desc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Calendars } from '../config/calendars.ts';
import type { Config, EnvironmentConfig } from '../config/types.ts';
import { nominalIntervalMs } from '../schedule/nominal-interval.ts';
import type { SlaEnvironmentInput, SlaOutage, SlaWindow } from '../sla/types.ts';
import type { Db } from '../store/database.ts';
import {
  environmentsSeen,
  exclusions,
  maintenanceEnvironments,
  maintenanceVersions,
  maintenanceWindows,
  outages,
  probeRuns,
  unmonitoredSpans,
} from '../store/schema/index.ts';
import type { Interval } from '../time/interval.ts';
import { GAP_INTERVALS, openGap } from './monitoring-gaps.ts';

/** The start of an environment's SLA: configured, or the first time the daemon saw it (rule 7). */
export function slaStartOf(db: Db, environment: EnvironmentConfig): number | null {
  if (environment.slaStart !== null) return environment.slaStart;
  const seen = db.select().from(environmentsSeen).where(eq(environmentsSeen.envId, environment.id)).get();
  return seen?.firstSeenAt ?? null;
}

/**
 * Reads what the engine needs over a span: for each environment, the outages of its
 * availability checks (with their exclusions) and its unmonitored time. A handful of queries
 * for all environments at once, grouped here; pure SLA code then does all the arithmetic.
 */
export function loadEnvironmentInputs(
  db: Db,
  deps: { calendars: Calendars },
  environments: readonly EnvironmentConfig[],
  span: Interval,
  now: number,
): SlaEnvironmentInput[] {
  const availability = new Map(
    environments.flatMap((environment) => environment.checks.filter((check) => check.role === 'availability').map((check) => [check.id, check] as const)),
  );
  const outageRows = groupBy(
    db
      .select()
      .from(outages)
      .where(and(lt(outages.start, span.end), or(isNull(outages.end), gt(outages.end, span.start))))
      .all()
      .filter((row) => availability.has(row.checkId)),
    (row) => row.checkId,
  );
  const exclusionRows = groupBy(
    db
      .select({ exclusion: exclusions })
      .from(exclusions)
      .innerJoin(outages, eq(exclusions.outageId, outages.id))
      .where(and(lt(outages.start, span.end), or(isNull(outages.end), gt(outages.end, span.start))))
      .all()
      .map((row) => row.exclusion),
    (row) => row.outageId,
  );
  const spanRows = groupBy(
    db
      .select()
      .from(unmonitoredSpans)
      .where(and(lt(unmonitoredSpans.start, span.end), gt(unmonitoredSpans.end, span.start)))
      .all(),
    (row) => row.checkId,
  );
  // One index seek per check (a GROUP BY would walk every raw result).
  const lastResultQuery = db
    .select({ at: probeRuns.lastAt })
    .from(probeRuns)
    .where(eq(probeRuns.checkId, sql.placeholder('checkId')))
    .orderBy(desc(probeRuns.id))
    .limit(1)
    .prepare();
  const lastResultAt = new Map([...availability.keys()].map((checkId) => [checkId, lastResultQuery.get({ checkId })?.at ?? null]));
  const firstSeen = new Map(db.select().from(environmentsSeen).all().map((row) => [row.envId, row.firstSeenAt]));

  return environments.map((environment) => {
    const slaStart = environment.slaStart ?? firstSeen.get(environment.id) ?? null;
    const slaOutages: SlaOutage[] = [];
    const unmonitored: Interval[] = [];
    for (const check of environment.checks) {
      if (check.role !== 'availability') continue;
      const interval = nominalIntervalMs(check);
      for (const row of outageRows.get(check.id) ?? []) {
        let end = row.end;
        // An open outage the prober stopped watching counts only up to its last down result (rule 4).
        if (end === null && row.source === 'probe' && row.lastDownAt !== null && now - row.lastDownAt > GAP_INTERVALS * interval) {
          end = row.lastDownAt;
        }
        slaOutages.push({
          id: row.id,
          start: row.start,
          end,
          exclusions: (exclusionRows.get(row.id) ?? []).map((exclusion) => ({
            start: exclusion.start,
            end: exclusion.end ?? end ?? now,
            revoked: exclusion.revokedAt !== null,
            reason: exclusion.reason,
          })),
        });
      }
      for (const row of spanRows.get(check.id) ?? []) unmonitored.push({ start: row.start, end: row.end });
      const gap = openGap({ lastResultAt: lastResultAt.get(check.id) ?? null, since: slaStart, intervalMs: interval, now });
      if (gap) unmonitored.push(gap);
    }
    return {
      id: environment.id,
      name: environment.name,
      type: environment.type,
      slaStart,
      calendar: deps.calendars.forEnvironment(environment),
      outages: slaOutages,
      unmonitored,
    };
  });
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** Maintenance windows overlapping a span, with every version of their times (rule 5). */
export function loadWindows(db: Db, span: Interval): SlaWindow[] {
  const versions = db
    .select()
    .from(maintenanceVersions)
    .where(
      inArray(
        maintenanceVersions.windowId,
        db
          .select({ id: maintenanceVersions.windowId })
          .from(maintenanceVersions)
          .where(and(lt(maintenanceVersions.start, span.end), gt(maintenanceVersions.end, span.start))),
      ),
    )
    .orderBy(maintenanceVersions.windowId, maintenanceVersions.id)
    .all();
  if (versions.length === 0) return [];
  const ids = [...new Set(versions.map((version) => version.windowId))];
  const windows = db.select().from(maintenanceWindows).where(inArray(maintenanceWindows.id, ids)).all();
  const environments = db.select().from(maintenanceEnvironments).where(inArray(maintenanceEnvironments.windowId, ids)).all();
  return windows.map((window) => ({
    id: window.id,
    environmentIds: environments.filter((row) => row.windowId === window.id).map((row) => row.envId),
    versions: versions
      .filter((version) => version.windowId === window.id)
      // A pending notice (NULL: veille's e-mail not yet accepted) was never sent: +Infinity is
      // never before an outage, so the version excuses nothing, yet it stays the current times.
      .map((version) => ({ start: version.start, end: version.end, noticeSentAt: version.noticeSentAt ?? Number.POSITIVE_INFINITY })),
    cancelledAt: window.cancelledAt,
  }));
}

export function productionEnvironments(config: Config, options: { publicOnly: boolean }): EnvironmentConfig[] {
  return config.environments.filter((environment) => environment.type === 'production' && (!options.publicOnly || environment.public));
}

