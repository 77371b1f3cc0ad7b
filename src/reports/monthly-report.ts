import type { Calendars } from '../config/calendars.ts';
import type { Config } from '../config/types.ts';
import { computeMonthlyFigures } from '../sla/monthly-figures.ts';
import type { Db } from '../store/database.ts';
import { summarizeIncidents, type PrioritySummary } from './incident-summary.ts';
import { loadEnvironmentInputs, loadWindows, productionEnvironments } from './sla-inputs.ts';

export interface ReportDeps {
  readonly db: Db;
  readonly config: Config;
  readonly calendars: Calendars;
}

export type MonthlyReport = ReturnType<typeof computeMonthlyFigures> & {
  incidents: Record<string, PrioritySummary>;
};

/**
 * The monthly report document of docs/api.md: the figures of every production environment
 * (only the public ones for an anonymous reader) and the incident block.
 */
export function buildMonthlyReport(deps: ReportDeps, input: { month: string; now: number; publicOnly: boolean }): MonthlyReport {
  const environments = productionEnvironments(deps.config, { publicOnly: input.publicOnly });
  const monthSpan = deps.calendars.default.monthSpan(input.month);
  // Environments may use other zones: load a day either side so every local month is covered.
  const DAY = 86_400_000;
  const loadSpan = { start: monthSpan.start - DAY, end: monthSpan.end + DAY };
  const figures = computeMonthlyFigures({
    month: input.month,
    target: deps.config.target,
    coverageMinimum: deps.config.coverageMinimum,
    now: input.now,
    defaultCalendar: deps.calendars.default,
    environments: loadEnvironmentInputs(deps.db, deps, environments, loadSpan, input.now),
    windows: loadWindows(deps.db, loadSpan),
  });
  return { ...figures, incidents: summarizeIncidents(deps.db, monthSpan, { publicOnly: input.publicOnly }) };
}
