import type { Calendars } from '../../config/calendars.ts';
import type { CheckConfig, Config } from '../../config/types.ts';
import { allWindows } from '../../maintenance/window-store.ts';
import { readEnvironmentInputs, readWindows } from '../../reports/sla-inputs.ts';
import { computeMonthlyFigures } from '../../sla/monthly-figures.ts';
import type { SlaEnvironmentInput, SlaWindow } from '../../sla/types.ts';
import { nominalIntervalMs } from '../../schedule/nominal-interval.ts';
import { dailyCountedDowntime } from '../../sla/daily-downtime.ts';
import type { AnyDialect } from '../../store/any-dialect.ts';
import { reportReads } from '../../store/report-reads.ts';
import { checkLabels } from './check-labels.ts';
import { readLatest } from '../../status/latest-readings.ts';
import { BAR_DAYS, firstBarDate, localDaySpan, toPublicDays } from './daily-bars.ts';
import { publicIncidents } from './public-incidents.ts';
import { publicProductionEnvironments } from './public-environments.ts';
import { publicWindows } from './public-maintenance.ts';
import { toPublicMonth } from './public-month.ts';
import { environmentState, overallState } from './states.ts';
import type { PublicCheck, PublicEnvironment, PublicMonth, PublicSnapshot } from './types.ts';

export interface SnapshotDeps {
  /** The store read (SQLite or PostgreSQL). */
  readonly store: AnyDialect;
  readonly config: Config;
  readonly calendars: Calendars;
}

export type SnapshotBuilder = (now: number) => Promise<PublicSnapshot>;

const DAY = 86_400_000;

/**
 * Reads everything the public may see at `now` into one PublicSnapshot. What depends only on
 * the configuration (labels, check intervals — a cron schedule's takes a while to work out) is
 * worked out once here.
 */
export function createSnapshotBuilder(deps: SnapshotDeps): SnapshotBuilder {
  const environments = publicProductionEnvironments(deps.config);
  const labels = new Map(environments.map((environment) => [environment.id, checkLabels(environment.checks)]));
  const checks = environments.flatMap((environment) => environment.checks);
  const intervals = new Map(checks.map((check) => [check.id, nominalIntervalMs(check)] as const));
  const intervalOf = (check: CheckConfig) => intervals.get(check.id)!;

  const reads = reportReads(deps.store);
  return async (now) => {
    const maintenance = publicWindows(await allWindows(deps.store), environments, now);
    const inMaintenance = new Set(maintenance.current.flatMap((window) => window.environments.map((environment) => environment.id)));
    // One read of the engine's inputs serves both the 90 daily bars and the month's figure (the
    // current month always lies within the last 90 days), computed by the same engine as the report.
    const month = deps.calendars.default.monthOf(now);
    const monthSpan = deps.calendars.default.monthSpan(month);
    const barStarts = environments.map((environment) => localDaySpan(deps.calendars.forEnvironment(environment).timeZone, firstBarDate(deps.calendars.forEnvironment(environment).timeZone, now)).start);
    const span = { start: Math.min(monthSpan.start, ...barStarts) - DAY, end: monthSpan.end + DAY };
    const inputs = await readEnvironmentInputs(reads, deps, environments, span, now);
    const windows = await readWindows(reads, span);
    const firstSeen = new Map((await reads.environmentsSeen()).map((row) => [row.envId, row.firstSeenAt]));
    const report = computeMonthlyFigures({ month, target: deps.config.target, coverageMinimum: deps.config.coverageMinimum, now, defaultCalendar: deps.calendars.default, environments: inputs, windows });
    const figures = new Map(report.environments.map((figure) => [figure.id, figure]));
    const incidents = await publicIncidents(deps.store, environments, now);
    // Every public check's latest result in one pass (as GET /api/v1/status reads them).
    const latest = await readLatest(deps.store, checks, now, intervalOf);

    const views = environments.map((environment, index): PublicEnvironment => {
      const checks = environment.checks.map((check, k): PublicCheck => {
        const { reading } = latest.get(check.id)!;
        return { label: labels.get(environment.id)![k]!, role: check.role, ...reading };
      });
      const figure = figures.get(environment.id);
      const month: PublicMonth | null = figure ? toPublicMonth(report, figure) : null;
      const bars = barsOf(deps, inputs[index]!, firstSeen.get(environment.id) ?? null, windows, now);
      const checkedAt = checks.map((check) => check.checkedAt ?? 0);
      return {
        id: environment.id,
        name: environment.name,
        timeZone: bars.timeZone,
        state: environmentState(
          checks,
          inMaintenance.has(environment.id),
          incidents.open.filter((incident) => incident.environments.some((named) => named.id === environment.id)),
        ),
        since: bars.since,
        updatedAt: Math.max(0, ...checkedAt) || null,
        checks,
        days: bars.days,
        month,
      };
    });

    return {
      generatedAt: now,
      timeZone: deps.calendars.default.timeZone,
      target: deps.config.target,
      overall: overallState(views.map((view) => view.state)),
      environments: views,
      maintenance,
      incidents,
    };
  };
}

/** The 90 daily bars of one environment, by the monthly rules (rule 7) per local day. */
function barsOf(deps: SnapshotDeps, input: SlaEnvironmentInput, seen: number | null, windows: readonly SlaWindow[], now: number) {
  const { timeZone } = input.calendar;
  const days = dailyCountedDowntime({ environment: input, windows, from: firstBarDate(timeZone, now), days: BAR_DAYS, now });
  // Days before veille first saw the environment were not observed: no data, not "no downtime".
  const monitoredFrom = seen === null ? null : Math.max(seen, input.slaStart ?? seen);
  return { timeZone, since: input.slaStart, days: toPublicDays(days, timeZone, monitoredFrom, deps.config.target) };
}
