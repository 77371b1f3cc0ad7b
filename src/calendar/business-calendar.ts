// Business time of one calendar (rule 2): which instants are inside opening hours, how much
// business time lies between two instants, and when an amount of it has elapsed.
//
// Each local year is laid out once, lazily, day by day in the calendar's zone with luxon (so a
// 09:00–17:00 day is 8 h even on DST-change days, and 00:00–24:00 is 23 h or 25 h there), as
// sorted opening intervals with running totals. Every query is then a binary search or two.
import { DateTime, IANAZone } from 'luxon';
import type { Interval } from '../time/interval.ts';
import { createClosedDates } from './holidays.ts';
import { isLocalDate, monthOfInstant, monthSpanInZone } from './local-days.ts';
import { WEEKDAYS, type CalendarSpec } from './spec.ts';

export interface BusinessCalendar {
  readonly timeZone: string;
  /** The business instants of a span, as a normalized interval list. */
  businessIntervals(span: Interval): Interval[];
  /** Business ms in [a, b); 0 when b ≤ a. */
  businessMsBetween(a: number, b: number): number;
  /** Earliest instant at which `ms` of business time has elapsed since `start` (rule 8). */
  addBusinessMs(start: number, ms: number): number;
  /** Length of "a business day" for the rule-8 clocks. */
  readonly businessDayMs: number;
  isBusinessInstant(t: number): boolean;
  /** [local midnight of the 1st, local midnight of the next 1st). */
  monthSpan(month: string): Interval;
  monthOf(t: number): string;
}

/** One local year's openings: interval k is [starts[k], ends[k]); before[k] = business ms before it. */
interface YearLayout {
  year: number;
  start: number;
  end: number;
  starts: Float64Array;
  ends: Float64Array;
  before: Float64Array;
  total: number;
}

/** Openings of a weekday as minutes after local midnight, sorted and merged. */
type DayOpenings = ReadonlyArray<{ from: number; to: number }>;

// A calendar that opens at most once in this many consecutive years cannot reach a deadline.
const EMPTY_YEARS_BEFORE_GIVING_UP = 2;

export function createBusinessCalendar(spec: CalendarSpec): BusinessCalendar {
  const timeZone = checkZone(spec.timeZone);
  const openings = WEEKDAYS.map((day) => parseOpenings(spec.hours?.[day], `hours.${day}`));
  checkDates(spec.extraClosures, 'extraClosures');
  checkDates(spec.removedHolidays, 'removedHolidays');
  if (!Array.isArray(spec.holidayTypes) || spec.holidayTypes.some((t) => typeof t !== 'string' || t === '')) {
    throw new Error('holidayTypes: must be a list of date-holidays types such as "public"');
  }
  const closed = createClosedDates(spec);
  if (spec.businessDayMs !== undefined && !(Number.isFinite(spec.businessDayMs) && spec.businessDayMs > 0)) {
    throw new Error(`businessDayMs: ${spec.businessDayMs} is not a positive duration`);
  }
  const businessDayMs = spec.businessDayMs ?? longestOpeningMs(openings);
  const layouts = new Map<number, YearLayout>();

  function layout(year: number): YearLayout {
    let found = layouts.get(year);
    if (!found) {
      found = layOutYear(year, timeZone, openings, closed.ofYear(year));
      layouts.set(year, found);
    }
    return found;
  }

  // A local year differs from the UTC year only within a day of New Year, so one step suffices.
  function layoutAt(t: number): YearLayout {
    const guess = layout(new Date(t).getUTCFullYear());
    if (t < guess.start) return layout(guess.year - 1);
    if (t >= guess.end) return layout(guess.year + 1);
    return guess;
  }

  function businessMsBetween(a: number, b: number): number {
    checkInstant(a, 'a');
    checkInstant(b, 'b');
    if (b <= a) return 0;
    const first = layoutAt(a);
    const last = layoutAt(b);
    if (first.year === last.year) return elapsedIn(last, b) - elapsedIn(first, a);
    let total = first.total - elapsedIn(first, a);
    for (let y = first.year + 1; y < last.year; y++) total += layout(y).total;
    return total + elapsedIn(last, b);
  }

  function businessIntervals(span: Interval): Interval[] {
    checkInstant(span.start, 'span.start');
    checkInstant(span.end, 'span.end');
    const out: Interval[] = [];
    if (span.end <= span.start) return out;
    for (let year = layoutAt(span.start); year.start < span.end; year = layout(year.year + 1)) {
      for (let k = Math.max(0, lastStartingAtOrBefore(year, span.start)); k < year.starts.length; k++) {
        const start = Math.max(year.starts[k]!, span.start);
        const end = Math.min(year.ends[k]!, span.end);
        if (start >= span.end) break;
        if (start >= end) continue;
        const prev = out[out.length - 1];
        // Openings that run through midnight at New Year join the next year's first one.
        if (prev && prev.end === start) prev.end = end;
        else out.push({ start, end });
      }
    }
    return out;
  }

  function addBusinessMs(start: number, ms: number): number {
    checkInstant(start, 'start');
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`ms: ${ms} is not a duration ≥ 0`);
    if (ms === 0) return start;
    let year = layoutAt(start);
    let needed = elapsedIn(year, start) + ms;
    let emptyYears = 0;
    while (needed > year.total) {
      needed -= year.total;
      year = layout(year.year + 1);
      emptyYears = year.total === 0 ? emptyYears + 1 : 0;
      if (emptyYears >= EMPTY_YEARS_BEFORE_GIVING_UP) {
        throw new Error(
          `calendar "${spec.name}" has no business hours in ${year.year - 1}–${year.year}: business time cannot elapse, so no deadline can be reached`,
        );
      }
    }
    // First opening whose end brings the running total to `needed`: a clock that runs out
    // exactly at closing time is due at closing time.
    let lo = 0;
    let hi = year.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (year.before[mid + 1]! >= needed) hi = mid;
      else lo = mid + 1;
    }
    return year.starts[lo]! + (needed - year.before[lo]!);
  }

  return {
    timeZone,
    businessDayMs,
    businessIntervals,
    businessMsBetween,
    addBusinessMs,
    isBusinessInstant(t) {
      checkInstant(t, 't');
      const year = layoutAt(t);
      const k = lastStartingAtOrBefore(year, t);
      return k >= 0 && t < year.ends[k]!;
    },
    monthSpan: (month) => monthSpanInZone(timeZone, month),
    monthOf: (t) => monthOfInstant(timeZone, t),
  };
}

function layOutYear(year: number, zone: string, openings: readonly DayOpenings[], closed: ReadonlySet<string>): YearLayout {
  const starts: number[] = [];
  const ends: number[] = [];
  let day = DateTime.fromObject({ year, month: 1, day: 1 }, { zone }).startOf('day');
  const yearStart = day.toMillis();
  while (day.year === year) {
    const next = day.plus({ days: 1 }).startOf('day');
    if (!closed.has(day.toFormat('yyyy-MM-dd'))) {
      for (const open of openings[day.weekday - 1]!) {
        // Wall-clock times resolve in the zone on that very day; '24:00' is the next midnight.
        const start = atMinute(day, next, open.from);
        const end = atMinute(day, next, open.to);
        if (end <= start) continue;
        const last = ends.length - 1;
        if (last >= 0 && ends[last]! >= start) ends[last] = Math.max(ends[last]!, end);
        else {
          starts.push(start);
          ends.push(end);
        }
      }
    }
    day = next;
  }
  const before = new Float64Array(starts.length + 1);
  for (let k = 0; k < starts.length; k++) before[k + 1] = before[k]! + (ends[k]! - starts[k]!);
  return {
    year,
    start: yearStart,
    end: day.toMillis(),
    starts: Float64Array.from(starts),
    ends: Float64Array.from(ends),
    before,
    total: before[starts.length]!,
  };
}

function atMinute(day: DateTime, nextDay: DateTime, minute: number): number {
  if (minute >= 24 * 60) return nextDay.toMillis();
  return day.set({ hour: Math.floor(minute / 60), minute: minute % 60 }).toMillis();
}

/** Business ms of a year layout from its start up to t (t within the year or at its end). */
function elapsedIn(year: YearLayout, t: number): number {
  const k = lastStartingAtOrBefore(year, t);
  if (k < 0) return 0;
  return year.before[k]! + Math.min(t, year.ends[k]!) - year.starts[k]!;
}

/** Index of the last opening starting at or before t; -1 when none. */
function lastStartingAtOrBefore(year: YearLayout, t: number): number {
  let lo = 0;
  let hi = year.starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (year.starts[mid]! <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function parseOpenings(spans: CalendarSpec['hours'][keyof CalendarSpec['hours']] | undefined, field: string): DayOpenings {
  if (!Array.isArray(spans)) throw new Error(`${field}: must be a list of openings such as {from: '09:00', to: '17:00'}`);
  const parsed = spans.map((span, k) => {
    const from = parseClock(span?.from, `${field}[${k}].from`);
    const to = parseClock(span?.to, `${field}[${k}].to`);
    if (from >= to) throw new Error(`${field}[${k}]: opening ${span.from}-${span.to} must end after it starts`);
    return { from, to };
  });
  parsed.sort((a, b) => a.from - b.from);
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

function checkInstant(t: number, field: string): void {
  if (!Number.isFinite(t)) throw new Error(`${field}: ${t} is not an instant in epoch milliseconds`);
}
