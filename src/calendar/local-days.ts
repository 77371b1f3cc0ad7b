// Local dates and months of a time zone, for callers without a business calendar at hand.
import { DateTime } from 'luxon';
import type { Interval } from '../time/interval.ts';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** [local midnight of the 1st, local midnight of the next 1st) for 'YYYY-MM'. */
export function monthSpanInZone(timeZone: string, month: string): Interval {
  const match = MONTH.exec(month);
  if (!match) throw new Error(`month: "${month}" is not a month written YYYY-MM`);
  const first = DateTime.fromObject({ year: Number(match[1]), month: Number(match[2]), day: 1 }, { zone: timeZone }).startOf('day');
  return { start: first.toMillis(), end: first.plus({ months: 1 }).startOf('day').toMillis() };
}

/** A year as a 'YYYY-MM-DD' date writes it: four digits, zero-padded below the year 1000 ('0999'). */
export function yearDigits(year: number): string {
  return String(year).padStart(4, '0');
}

/** Whether text is a real 'YYYY-MM-DD' date (2026-02-30 is not). */
export function isLocalDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  return DateTime.fromObject({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }, { zone: 'UTC' }).isValid;
}
