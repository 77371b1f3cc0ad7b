import { DateTime } from 'luxon';
import type { Interval } from '../time/interval.ts';

/** A local calendar day of a zone: its date and its [start, end) in epoch ms (23 h or 25 h at DST changes). */
export interface LocalDay extends Interval {
  readonly date: string;
}

// The day last found: a retention pass asks for the day of every check's first result, most of
// them the same day, and each lookup through luxon's zone arithmetic costs tens of microseconds.
let lastFound: { readonly timeZone: string; readonly day: LocalDay } | null = null;

export function localDayOf(t: number, timeZone: string): LocalDay {
  if (lastFound && lastFound.timeZone === timeZone && t >= lastFound.day.start && t < lastFound.day.end) return lastFound.day;
  const start = DateTime.fromMillis(t, { zone: timeZone }).startOf('day');
  const day = { date: start.toISODate()!, start: start.toMillis(), end: start.plus({ days: 1 }).startOf('day').toMillis() };
  lastFound = { timeZone, day };
  return day;
}

export function localDayAfter(day: LocalDay, timeZone: string): LocalDay {
  return localDayOf(day.end, timeZone);
}

export function localDayNamed(date: string, timeZone: string): LocalDay {
  return localDayOf(DateTime.fromISO(date, { zone: timeZone }).toMillis(), timeZone);
}
