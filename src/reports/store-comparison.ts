import { isDeepStrictEqual } from 'node:util';
import type { Calendars } from '../config/calendars.ts';
import type { Config } from '../config/types.ts';
import type { ReportReads } from '../store/report-reads.ts';
import { readMonthlyReport } from './monthly-report.ts';
import { readEnvironmentInputs } from './sla-inputs.ts';

/**
 * Whether two stores tell the same months: for each month, the monthly report (as a viewer and
 * as the public see it) and the engine's inputs of every configured environment, production or
 * not, read from each. The first difference found, or null.
 */
export async function firstDifference(
  stores: { source: ReportReads; target: ReportReads },
  deps: { config: Config; calendars: Calendars },
  months: readonly string[],
  now: number,
): Promise<string | null> {
  for (const month of months) {
    for (const publicOnly of [false, true]) {
      const source = await readMonthlyReport(stores.source, deps, { month, now, publicOnly });
      const target = await readMonthlyReport(stores.target, deps, { month, now, publicOnly });
      if (!isDeepStrictEqual(source, target)) return `the monthly report of ${month}${publicOnly ? ' as the public sees it' : ''}`;
    }
    const span = deps.calendars.default.monthSpan(month);
    for (const environment of deps.config.environments) {
      const source = await readEnvironmentInputs(stores.source, deps, [environment], span, now);
      const target = await readEnvironmentInputs(stores.target, deps, [environment], span, now);
      if (!isDeepStrictEqual(source, target)) return `what ${month} holds for environment ${environment.id}`;
    }
  }
  return null;
}

/** The months from the one holding `from` to the one holding `to`, in the default calendar's zone. */
export function monthsBetween(calendars: Calendars, from: number, to: number): string[] {
  const months: string[] = [];
  const last = calendars.default.monthOf(to);
  for (let month = calendars.default.monthOf(from); month <= last; month = nextMonth(month)) months.push(month);
  return months;
}

function nextMonth(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`;
}
