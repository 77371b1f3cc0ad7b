// Local calendar days and months of a time zone as half-open instant intervals. A local day
// runs from its midnight to the next one, so it is 23 h or 25 h long on DST-change days.
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

/** 'YYYY-MM' of the local month holding instant t. */
export function monthOfInstant(timeZone: string, t: number): string {
  return DateTime.fromMillis(t, { zone: timeZone }).toFormat('yyyy-MM');
}

/** 'YYYY-MM-DD' of the local day holding instant t. */
export function dateOfInstant(timeZone: string, t: number): string {
  return DateTime.fromMillis(t, { zone: timeZone }).toFormat('yyyy-MM-dd');
}

/** [local midnight, next local midnight) of a 'YYYY-MM-DD' date. */
export function daySpanInZone(timeZone: string, date: string): Interval {
  const day = parseLocalDate(timeZone, date, 'date');
  return { start: day.toMillis(), end: day.plus({ days: 1 }).startOf('day').toMillis() };
}

/** `count` consecutive local days from `from`, each with its date and span. */
export function localDays(timeZone: string, from: string, count: number): Array<{ date: string; span: Interval }> {
  if (!Number.isInteger(count) || count < 0) throw new Error(`days: ${count} is not a whole number of days ≥ 0`);
  let day = parseLocalDate(timeZone, from, 'from');
  const out: Array<{ date: string; span: Interval }> = [];
  for (let k = 0; k < count; k++) {
    const next = day.plus({ days: 1 }).startOf('day');
    out.push({ date: day.toFormat('yyyy-MM-dd'), span: { start: day.toMillis(), end: next.toMillis() } });
    day = next;
  }
  return out;
}

/** Whether text is a real 'YYYY-MM-DD' date (2026-02-30 is not). */
export function isLocalDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  return DateTime.fromObject({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }, { zone: 'UTC' }).isValid;
}

function parseLocalDate(timeZone: string, date: string, field: string): DateTime {
  const match = DATE.exec(date);
  const day = match
    ? DateTime.fromObject({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }, { zone: timeZone })
    : null;
  if (!day || !day.isValid) throw new Error(`${field}: "${date}" is not a date written YYYY-MM-DD`);
  return day.startOf('day');
}
