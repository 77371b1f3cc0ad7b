import { DateTime } from 'luxon';
import type { Calendars } from '../../config/calendars.ts';
import type { Config } from '../../config/types.ts';
import { exclusionsOf, type Exclusion } from '../../exclusions/exclusion-store.ts';
import { outagesBetween } from '../../outages/outage-store.ts';
import { readMonthlyReport, type MonthlyReport } from '../../reports/monthly-report.ts';
import { shownAvailability, type ShownNumber } from '../../reports/shown-figures.ts';
import type { AnyDialect } from '../../store/any-dialect.ts';
import { reportReads } from '../../store/report-reads.ts';

// Everything the management report page shows for a month: the report document itself (the
// same one the API and CLI give), the exclusions behind "excluded by other reasons", and the
// 12-month trend of each environment.

export interface TrendPoint {
  month: string;
  /** null: no business time measured that month (before the SLA began, or not yet started). */
  availability: number | null;
  met: boolean | null;
  /** The availability as shown beside the verdict (cut down, never rounded across the target). */
  shown: ShownNumber | null;
}

export interface ReportView {
  report: MonthlyReport;
  exclusions: Map<string, Exclusion[]>;
  trend: Map<string, TrendPoint[]>;
  previousMonth: string;
  /** null when the next month has not begun. */
  nextMonth: string | null;
}

export function shiftMonth(month: string, by: number): string {
  return DateTime.fromISO(`${month}-01`, { zone: 'utc' }).plus({ months: by }).toFormat('yyyy-MM');
}

/**
 * `monthly` gives each month's report: by default computed here; the page passes the app's
 * cached, bounded report worker (src/reports/monthly-reports.ts) so that its 12-month trend is
 * not computed on the prober's thread.
 */
export async function buildReportView(
  deps: { store: AnyDialect; config: Config; calendars: Calendars },
  input: { month: string; now: number; publicOnly: boolean },
  monthly: (month: string) => Promise<MonthlyReport> = (month) => readMonthlyReport(reportReads(deps.store), deps, { ...input, month }),
): Promise<ReportView> {
  const report = await monthly(input.month);
  const span = deps.calendars.default.monthSpan(input.month);
  const exclusions = new Map<string, Exclusion[]>();
  for (const figure of report.environments) {
    const environment = deps.config.environments.find((candidate) => candidate.id === figure.id)!;
    const checkIds = environment.checks.filter((check) => check.role === 'availability').map((check) => check.id);
    const outages = await outagesBetween(deps.store, { checkIds, from: span.start, to: span.end });
    const list = (await exclusionsOf(deps.store, outages.map((outage) => outage.id))).filter((exclusion) => exclusion.start < span.end && (exclusion.end ?? Infinity) > span.start);
    exclusions.set(figure.id, list);
  }

  const currentMonth = deps.calendars.default.monthOf(input.now);
  const trend = new Map<string, TrendPoint[]>(report.environments.map((figure) => [figure.id, []]));
  for (let k = 11; k >= 0; k--) {
    const month = shiftMonth(input.month, -k);
    const started = month <= currentMonth;
    const point = k === 0 ? report : started ? await monthly(month) : null;
    for (const figure of report.environments) {
      const found = point?.environments.find((candidate) => candidate.id === figure.id);
      trend.get(figure.id)!.push(
        found && found.businessMs > 0
          ? { month, availability: found.availability, met: found.met, shown: shownAvailability(found, point!.target) }
          : { month, availability: null, met: null, shown: null },
      );
    }
  }
  const next = shiftMonth(input.month, 1);
  return { report, exclusions, trend, previousMonth: shiftMonth(input.month, -1), nextMonth: next <= currentMonth ? next : null };
}
