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
  now: number;
}

export function computeEnvironmentFigure({ environment, windows, month, target, now }: EnvironmentFigureInput): EnvironmentFigure {
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
    unmonitoredMs: measure(unmonitoredBusiness(environment.unmonitored, calendar, sofar)),
    availability: availabilityPercent(businessMs, downtimeMs),
    met: meetsTarget(businessMs, downtimeMs, target),
    budgetMs: budget,
    budgetLeftMs: budget - downtimeMs,
  };
}
