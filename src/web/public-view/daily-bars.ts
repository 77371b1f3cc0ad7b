import { DateTime } from 'luxon';
import type { DailyDowntime } from '../../sla/daily-downtime.ts';
import type { PublicDay } from './types.ts';

export const BAR_DAYS = 90;

/** [local midnight, next local midnight) of a 'YYYY-MM-DD' date in a zone (23 h or 25 h on DST days). */
export function localDaySpan(timeZone: string, date: string): { start: number; end: number } {
  const day = DateTime.fromISO(date, { zone: timeZone }).startOf('day');
  return { start: day.toMillis(), end: day.plus({ days: 1 }).startOf('day').toMillis() };
}

/** The first of the 90 local days ending today, in the environment's zone. */
export function firstBarDate(timeZone: string, now: number): string {
  return DateTime.fromMillis(now, { zone: timeZone }).minus({ days: BAR_DAYS - 1 }).toFormat('yyyy-MM-dd');
}

/**
 * The bars with their colour level. The threshold follows the contract's own measure: a day's
 * share of the monthly budget is (100 − target) % of its business time, so "minor" stays
 * within it. Days before monitoring began are "nodata", never "none".
 */
export function toPublicDays(days: readonly DailyDowntime[], timeZone: string, monitoredFrom: number | null, target: number): PublicDay[] {
  // A day ends at or before monitoredFrom exactly when its date is before monitoredFrom's own date.
  const firstMonitored = monitoredFrom === null ? null : DateTime.fromMillis(monitoredFrom, { zone: timeZone }).toFormat('yyyy-MM-dd');
  return days.map((day) => {
    let level: PublicDay['level'];
    // Counted downtime is shown as such even on a day before monitoring began (an outage
    // recorded by hand, from slaStart on): it counts, so it is never "no data".
    if (day.downtimeMs === 0 && (firstMonitored === null || day.date < firstMonitored)) level = 'nodata';
    else if (day.downtimeMs === 0) level = day.businessMs === 0 ? 'closed' : 'none';
    else level = day.downtimeMs * 100 <= day.businessMs * (100 - target) ? 'minor' : 'major';
    return { date: day.date, downtimeMs: day.downtimeMs, businessMs: day.businessMs, level };
  });
}
