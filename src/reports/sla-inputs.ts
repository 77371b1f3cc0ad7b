import { eq } from 'drizzle-orm';
import type { Calendars } from '../config/calendars.ts';
import type { Config, EnvironmentConfig } from '../config/types.ts';
import { nominalIntervalMs } from '../schedule/nominal-interval.ts';
import type { SlaEnvironmentInput, SlaOutage, SlaWindow } from '../sla/types.ts';
import type { Db } from '../store/database.ts';
import { environmentsSeen } from '../store/schema/index.ts';
import {
  type ExclusionRow,
  type OutageRow,
  type ReportReads,
  type UnmonitoredRow,
  type WindowEnvironmentRow,
  type WindowRow,
  type WindowVersionRow,
} from '../store/report-reads.ts';
import type { Interval } from '../time/interval.ts';
import { GAP_INTERVALS, openGap } from './monitoring-gaps.ts';

/**
 * Reads what the engine needs over a span: for each environment, the outages of its
 * availability checks (with their exclusions) and its unmonitored time. A handful of queries
 * for all environments at once, grouped here; pure SLA code then does all the arithmetic.
 */
export async function readEnvironmentInputs(
  reads: ReportReads,
  deps: { calendars: Calendars },
  environments: readonly EnvironmentConfig[],
  span: Interval,
  now: number,
): Promise<SlaEnvironmentInput[]> {
  return assembleEnvironmentInputs(deps, environments, now, {
    outages: await reads.outagesOverlapping(span),
    exclusions: await reads.exclusionsOfOutagesOverlapping(span),
    unmonitored: await reads.unmonitoredOverlapping(span),
    lastResultAt: await reads.lastResultsAt(availabilityCheckIds(environments)),
    environmentsSeen: await reads.environmentsSeen(),
  });
}

/** What the engine's inputs are made of, as read from the database. */
interface EnvironmentRows {
  readonly outages: readonly OutageRow[];
  readonly exclusions: readonly ExclusionRow[];
  readonly unmonitored: readonly UnmonitoredRow[];
  /** Each check's last result; absent when never probed. */
  readonly lastResultAt: ReadonlyMap<string, number>;
  readonly environmentsSeen: readonly { envId: string; firstSeenAt: number }[];
}

function availabilityCheckIds(environments: readonly EnvironmentConfig[]): string[] {
  return [...new Set(environments.flatMap((environment) => environment.checks.filter((check) => check.role === 'availability').map((check) => check.id)))];
}

function assembleEnvironmentInputs(deps: { calendars: Calendars }, environments: readonly EnvironmentConfig[], now: number, rows: EnvironmentRows): SlaEnvironmentInput[] {
  const availability = new Set(availabilityCheckIds(environments));
  const outageRows = groupBy(
    rows.outages.filter((row) => availability.has(row.checkId)),
    (row) => row.checkId,
  );
  const exclusionRows = groupBy(rows.exclusions, (row) => row.outageId);
  const spanRows = groupBy(rows.unmonitored, (row) => row.checkId);
  const firstSeen = new Map(rows.environmentsSeen.map((row) => [row.envId, row.firstSeenAt]));

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
      const gap = openGap({ lastResultAt: rows.lastResultAt.get(check.id) ?? null, since: slaStart, intervalMs: interval, now });
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
export async function readWindows(reads: ReportReads, span: Interval): Promise<SlaWindow[]> {
  const versions = await reads.windowVersionsOverlapping(span);
  if (versions.length === 0) return [];
  const ids = [...new Set(versions.map((version) => version.windowId))];
  return assembleWindows(versions, await reads.windows(ids), await reads.windowEnvironments(ids));
}

function assembleWindows(versions: readonly WindowVersionRow[], windows: readonly WindowRow[], environments: readonly WindowEnvironmentRow[]): SlaWindow[] {
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

