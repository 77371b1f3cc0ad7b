import { DateTime } from 'luxon';
import type { Interval } from '../time/interval.ts';

/** A local calendar day of a zone: its date and its [start, end) in epoch ms (23 h or 25 h at DST changes). */
export interface LocalDay extends Interval {
  readonly date: string;
}

export function localDayOf(t: number, timeZone: string): LocalDay {
  const start = DateTime.fromMillis(t, { zone: timeZone }).startOf('day');
  return { date: start.toISODate()!, start: start.toMillis(), end: start.plus({ days: 1 }).startOf('day').toMillis() };
}

export function localDayAfter(day: LocalDay, timeZone: string): LocalDay {
  return localDayOf(day.end, timeZone);
}

export function localDayNamed(date: string, timeZone: string): LocalDay {
  return localDayOf(DateTime.fromISO(date, { zone: timeZone }).toMillis(), timeZone);
}
