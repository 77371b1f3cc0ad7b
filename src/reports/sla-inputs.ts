import { and, eq, gt, inArray, isNull, lt, or, desc } from 'drizzle-orm';
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
  probeResults,
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
 * Reads what the engine needs for one environment over a span: the outages of its
 * availability checks (with their exclusions) and its unmonitored time. Pure SLA code then
 * does all the arithmetic; nothing here computes a figure.
 */
export function loadEnvironmentInput(
  db: Db,
  deps: { calendars: Calendars },
  environment: EnvironmentConfig,
  span: Interval,
  now: number,
): SlaEnvironmentInput {
  const availability = environment.checks.filter((check) => check.role === 'availability');
  const checkIds = availability.map((check) => check.id);
  const slaStart = slaStartOf(db, environment);
  const rows = checkIds.length
    ? db
        .select()
        .from(outages)
        .where(and(inArray(outages.checkId, checkIds), lt(outages.start, span.end), or(isNull(outages.end), gt(outages.end, span.start))))
        .all()
    : [];
  const exclusionRows = rows.length
    ? db.select().from(exclusions).where(inArray(exclusions.outageId, rows.map((row) => row.id))).all()
    : [];
  const intervalOf = new Map(availability.map((check) => [check.id, nominalIntervalMs(check)]));

  const slaOutages: SlaOutage[] = rows.map((row) => {
    let end = row.end;
    // An open outage the prober stopped watching counts only up to its last down result (rule 4).
    if (end === null && row.source === 'probe' && row.lastDownAt !== null) {
      const interval = intervalOf.get(row.checkId) ?? 60_000;
      if (now - row.lastDownAt > GAP_INTERVALS * interval) end = row.lastDownAt;
    }
    return {
      id: row.id,
      start: row.start,
      end,
      exclusions: exclusionRows
        .filter((exclusion) => exclusion.outageId === row.id)
        .map((exclusion) => ({
          start: exclusion.start,
          end: exclusion.end ?? end ?? now,
          revoked: exclusion.revokedAt !== null,
          reason: exclusion.reason,
        })),
    };
  });

  const unmonitored: Interval[] = checkIds.length
    ? db
        .select({ start: unmonitoredSpans.start, end: unmonitoredSpans.end })
        .from(unmonitoredSpans)
        .where(and(inArray(unmonitoredSpans.checkId, checkIds), lt(unmonitoredSpans.start, span.end), gt(unmonitoredSpans.end, span.start)))
        .all()
    : [];
  for (const check of availability) {
    const last = db
      .select({ at: probeResults.at })
      .from(probeResults)
      .where(eq(probeResults.checkId, check.id))
      .orderBy(desc(probeResults.at))
      .limit(1)
      .get();
    const gap = openGap({ lastResultAt: last?.at ?? null, since: slaStart, intervalMs: intervalOf.get(check.id)!, now });
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

