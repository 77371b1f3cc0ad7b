// Counted downtime per local day, by the same rules as the monthly figure: what the status
// page's daily bars show. The set of counted instants does not depend on the period it is
// measured in (the notice rule looks at the outage's own start), so it is computed once over
// all the days and then cut at each local midnight.
import { clip, measure } from '../time/interval.ts';
import { downtimeParts } from './downtime-parts.ts';
import type { SlaEnvironmentInput, SlaWindow } from './types.ts';

export interface DailyDowntimeInput {
  environment: SlaEnvironmentInput;
  /** Any windows; those not naming the environment are ignored. */
  windows: readonly SlaWindow[];
  /** First local day, 'YYYY-MM-DD', in the environment's calendar zone. */
  from: string;
  days: number;
  now: number;
}

export interface DailyDowntime {
  date: string;
  /** Counted downtime (rule 7's D) within the day, up to now. */
  downtimeMs: number;
  /** Business time of the whole day (from slaStart when it falls inside it). */
  businessMs: number;
}

export function dailyCountedDowntime({ environment, windows, from, days, now }: DailyDowntimeInput): DailyDowntime[] {
  const { calendar } = environment;
  const list = calendar.localDays(from, days);
  if (list.length === 0) return [];
  const slaStart = environment.slaStart ?? -Infinity;
  const span = { start: Math.max(list[0]!.span.start, slaStart), end: Math.min(list[list.length - 1]!.span.end, now) };
  const ownWindows = windows.filter((window) => window.environmentIds.includes(environment.id));
  // An empty span (days all before slaStart or after now) counts nothing, its outages still checked.
  const { counted } = downtimeParts({ outages: environment.outages, windows: ownWindows, calendar, span, now });
  return list.map(({ date, span: day }) => ({
    date,
    downtimeMs: measure(clip(counted, day)),
    businessMs: calendar.businessMsBetween(Math.max(day.start, slaStart), day.end),
  }));
}
