import type { Calendars } from '../config/calendars.ts';
import type { Config } from '../config/types.ts';
import { computeMonthlyFigures } from '../sla/monthly-figures.ts';
import type { SlaEnvironmentInput, SlaWindow } from '../sla/types.ts';
import type { ReportReads } from '../store/report-reads.ts';
import { readIncidentSummary, type PrioritySummary } from './incident-summary.ts';
import { productionEnvironments, readEnvironmentInputs, readWindows } from './sla-inputs.ts';

export interface ReportDeps {
  readonly config: Config;
  readonly calendars: Calendars;
}

export type MonthlyReport = ReturnType<typeof computeMonthlyFigures> & {
  incidents: Record<string, PrioritySummary>;
};

/**
 * The monthly report document of docs/api.md: the figures of every production environment
 * (only the public ones for an anonymous reader) and the incident block, through the reads of
 * any store (SQLite or PostgreSQL).
 */
export async function readMonthlyReport(reads: ReportReads, deps: ReportDeps, input: MonthlyReportRequest): Promise<MonthlyReport> {
  const spans = reportSpans(deps, input);
  return assembleReport(deps, input, {
    environments: await readEnvironmentInputs(reads, deps, spans.environments, spans.load, input.now),
    windows: await readWindows(reads, spans.load),
    incidents: await readIncidentSummary(reads, spans.month, { publicOnly: input.publicOnly }),
  });
}

interface MonthlyReportRequest {
  readonly month: string;
  readonly now: number;
  readonly publicOnly: boolean;
}

function reportSpans(deps: ReportDeps, input: MonthlyReportRequest) {
  const month = deps.calendars.default.monthSpan(input.month);
  // Environments may use other zones: load a day either side so every local month is covered.
  const DAY = 86_400_000;
  return { environments: productionEnvironments(deps.config, { publicOnly: input.publicOnly }), month, load: { start: month.start - DAY, end: month.end + DAY } };
}

function assembleReport(
  deps: ReportDeps,
  input: MonthlyReportRequest,
  read: { environments: SlaEnvironmentInput[]; windows: SlaWindow[]; incidents: Record<string, PrioritySummary> },
): MonthlyReport {
  const figures = computeMonthlyFigures({
    month: input.month,
    target: deps.config.target,
    coverageMinimum: deps.config.coverageMinimum,
    now: input.now,
    defaultCalendar: deps.calendars.default,
    environments: read.environments,
    windows: read.windows,
  });
  return { ...figures, incidents: read.incidents };
}
