// Validation of a calendar spec, field by field, with errors that name the field.
import { IANAZone } from 'luxon';
import { isLocalDate } from './local-days.ts';
import { WEEKDAYS, type CalendarSpec, type OpeningSpan } from './spec.ts';
import type { DayOpenings } from './year-layout.ts';

export interface CheckedSpec {
  timeZone: string;
  /** Index 0 = Monday, as luxon numbers weekdays from 1. */
  openings: DayOpenings[];
  businessDayMs: number;
}

export function checkSpec(spec: CalendarSpec): CheckedSpec {
  const timeZone = checkZone(spec.timeZone);
  const openings = WEEKDAYS.map((day) => parseOpenings(spec.hours?.[day], `hours.${day}`));
  checkDates(spec.extraClosures, 'extraClosures');
  checkDates(spec.removedHolidays, 'removedHolidays');
  if (!Array.isArray(spec.holidayTypes) || spec.holidayTypes.some((t) => typeof t !== 'string' || t === '')) {
    throw new Error('holidayTypes: must be a list of date-holidays types such as "public"');
  }
  if (!Array.isArray(spec.holidayRegions)) throw new Error('holidayRegions: must be a list such as ["CA", "CA-QC"]');
  if (spec.businessDayMs !== undefined && !(Number.isFinite(spec.businessDayMs) && spec.businessDayMs > 0)) {
    throw new Error(`businessDayMs: ${spec.businessDayMs} is not a positive duration`);
  }
  return { timeZone, openings, businessDayMs: spec.businessDayMs ?? longestOpeningMs(openings) };
}

function parseOpenings(spans: readonly OpeningSpan[] | undefined, field: string): DayOpenings {
  if (!Array.isArray(spans)) throw new Error(`${field}: must be a list of openings such as {from: '09:00', to: '17:00'}`);
  const parsed = spans.map((span: OpeningSpan, k) => {
    const from = parseClock(span?.from, `${field}[${k}].from`);
    const to = parseClock(span?.to, `${field}[${k}].to`);
    if (from >= to) throw new Error(`${field}[${k}]: opening ${span.from}-${span.to} must end after it starts`);
    return { from, to };
  });
  parsed.sort((a, b) => a.from - b.from);
  // Overlapping openings of one day are simply the same business time.
  const merged: Array<{ from: number; to: number }> = [];
  for (const open of parsed) {
    const last = merged[merged.length - 1];
    if (last && open.from <= last.to) last.to = Math.max(last.to, open.to);
    else merged.push({ ...open });
  }
  return merged;
}

function parseClock(text: unknown, field: string): number {
  const match = typeof text === 'string' ? /^(\d{2}):(\d{2})$/.exec(text) : null;
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || minutes > 24 * 60) {
    throw new Error(`${field}: "${String(text)}" is not a local time written HH:mm (24:00 allowed as an end)`);
  }
  return minutes;
}

/** The longest nominal opening of any weekday (8 h by default), in ms. */
function longestOpeningMs(openings: readonly DayOpenings[]): number {
  let longest = 0;
  for (const day of openings) {
    let sum = 0;
    for (const open of day) sum += open.to - open.from;
    longest = Math.max(longest, sum);
  }
  return longest * 60_000;
}

function checkZone(zone: string): string {
  if (typeof zone !== 'string' || !IANAZone.isValidZone(zone)) {
    throw new Error(`timeZone: "${String(zone)}" is not an IANA time zone such as America/Toronto`);
  }
  return zone;
}

function checkDates(dates: readonly string[], field: string): void {
  if (!Array.isArray(dates)) throw new Error(`${field}: must be a list of dates written YYYY-MM-DD`);
  dates.forEach((date, k) => {
    if (typeof date !== 'string' || !isLocalDate(date)) throw new Error(`${field}[${k}]: "${String(date)}" is not a date written YYYY-MM-DD`);
  });
}
