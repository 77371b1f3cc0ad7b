// One production environment's month (rule 7).
import { measure } from '../time/interval.ts';
import { downtimeParts, unmonitoredBusiness } from './downtime-parts.ts';
import { availabilityPercent, budgetMs, meetsTarget } from './target-arithmetic.ts';
import type { EnvironmentFigure, SlaEnvironmentInput, SlaWindow } from './types.ts';

export interface EnvironmentFigureInput {
  environment: SlaEnvironmentInput;
  /** Windows naming this environment. */
  windows: readonly SlaWindow[];
  month: string;
  target: number;
  /** Percent; see EnvironmentFigure.coverageSufficient. */
  coverageMinimum: number;
  now: number;
}

export function computeEnvironmentFigure({ environment, windows, month, target, coverageMinimum, now }: EnvironmentFigureInput): EnvironmentFigure {
  const { calendar } = environment;
  const monthSpan = calendar.monthSpan(month);
  // The measured period starts at slaStart when that falls inside the month.
  const periodStart = Math.max(monthSpan.start, environment.slaStart ?? -Infinity);
  // B is the whole period even while the month is in progress (rule 1); downtime only so far.
  const businessMs = calendar.businessMsBetween(periodStart, monthSpan.end);
  const sofar = { start: periodStart, end: Math.min(monthSpan.end, now) };

  const parts = downtimeParts({ outages: environment.outages, windows, calendar, span: sofar, now });
  const rawDowntimeMs = measure(parts.raw);
  const inBusinessMs = measure(parts.inBusiness);
  const afterMaintenanceMs = measure(parts.afterMaintenance);
  const downtimeMs = measure(parts.counted);
  const budget = budgetMs(businessMs, target);
  const unmonitoredMs = measure(unmonitoredBusiness(environment.unmonitored, calendar, sofar));
  const met = meetsTarget(businessMs, downtimeMs, target);

  return {
    id: environment.id,
    name: environment.name,
    type: environment.type,
    businessMs,
    rawDowntimeMs,
    outsideBusinessMs: rawDowntimeMs - inBusinessMs,
    excludedMaintenanceMs: inBusinessMs - afterMaintenanceMs,
    excludedOtherMs: afterMaintenanceMs - downtimeMs,
    downtimeMs,
    unmonitoredMs,
    availability: availabilityPercent(businessMs, downtimeMs),
    met,
    budgetMs: budget,
    budgetLeftMs: budget - downtimeMs,
    observedMs: businessMs - unmonitoredMs,
    coverage: businessMs === 0 ? 1 : (businessMs - unmonitoredMs) / businessMs,
    // The same exact comparison as the verdict's: 100 × (B − unmonitored) / B ≥ minimum.
    coverageSufficient: meetsTarget(businessMs, unmonitoredMs, coverageMinimum),
    verdict: businessMs === 0 || sofar.end <= sofar.start ? 'none' : met ? 'met' : 'missed',
  };
}
