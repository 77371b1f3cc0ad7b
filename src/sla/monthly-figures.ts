// The monthly availability figures of every production environment (rules 1, 3, 7).
import type { BusinessCalendar } from '../calendar/business-calendar.ts';
import { monthSpanInZone } from '../calendar/local-days.ts';
import { defaultCalendarSpec } from '../calendar/spec.ts';
import { computeEnvironmentFigure } from './environment-figure.ts';
import { windowsByEnvironment } from './maintenance-coverage.ts';
import { checkTarget } from './target-arithmetic.ts';
import { DEFAULT_COVERAGE_MINIMUM } from './coverage.ts';
import type { MonthlyFigures, SlaEnvironmentInput, SlaWindow } from './types.ts';

export interface MonthlyFiguresInput {
  /** 'YYYY-MM'. */
  month: string;
  /** Percent, e.g. 99. */
  target: number;
  /** Percent of business time observed below which a verdict rests on too little observation; 95 when absent. */
  coverageMinimum?: number;
  now: number;
  environments: readonly SlaEnvironmentInput[];
  windows: readonly SlaWindow[];
  /** The default calendar: its zone names the report's month and decides `complete`. Rule 2's zone when absent. */
  defaultCalendar?: BusinessCalendar;
}

export function computeMonthlyFigures(input: MonthlyFiguresInput): MonthlyFigures {
  const { month, target, now } = input;
  const coverageMinimum = input.coverageMinimum ?? DEFAULT_COVERAGE_MINIMUM;
  checkTarget(target);
  checkTarget(coverageMinimum, 'coverageMinimum');
  if (!Number.isFinite(now)) throw new Error(`now: ${now} is not an instant`);
  const timeZone = input.defaultCalendar?.timeZone ?? defaultCalendarSpec().timeZone;
  const monthEnd = input.defaultCalendar ? input.defaultCalendar.monthSpan(month).end : monthSpanInZone(timeZone, month).end;
  const windowsOf = windowsByEnvironment(input.windows);
  // Only production environments enter availability figures (rule 3).
  const environments = input.environments
    .filter((environment) => environment.type === 'production')
    .map((environment) => computeEnvironmentFigure({ environment, windows: windowsOf.get(environment.id) ?? [], month, target, coverageMinimum, now }));
  return { month, timeZone, target, complete: now >= monthEnd, coverageMinimum, environments };
}
