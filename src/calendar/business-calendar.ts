// Business time of one calendar (rule 2): which instants are inside opening hours, how much
// business time lies between two instants, and when an amount of it has elapsed.
//
// Each local year is laid out once, lazily (year-layout.ts), as its local midnights and its
// sorted opening intervals with running totals. Every query is then a binary search or two.
import type { Interval } from '../time/interval.ts';
import { checkSpec } from './check-spec.ts';
import { createClosedDates } from './holidays.ts';
import { isLocalDate } from './local-days.ts';
import type { CalendarSpec } from './spec.ts';
import { DAY_MS, elapsedIn, lastAtOrBefore, layOutYear, type YearLayout } from './year-layout.ts';

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
  /** `count` consecutive local days from 'YYYY-MM-DD', each [its midnight, the next midnight). */
  localDays(from: string, count: number): Array<{ date: string; span: Interval }>;
}

// A calendar that stays closed this many consecutive years cannot reach a deadline.
const EMPTY_YEARS_BEFORE_GIVING_UP = 2;
// No support clock runs for decades: a larger amount is a mistake, not a reason to lay out centuries.
const MAX_YEARS_AHEAD = 50;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function createBusinessCalendar(spec: CalendarSpec): BusinessCalendar {
  const { timeZone, openings, businessDayMs } = checkSpec(spec);
  const closed = createClosedDates(spec);
  const layouts = new Map<number, YearLayout>();

  function yearLayout(year: number): YearLayout {
    let found = layouts.get(year);
    if (!found) {
      found = layOutYear(year, timeZone, openings, closed.ofYear(year));
      layouts.set(year, found);
    }
    return found;
  }

  // A local year differs from the UTC year only within a day of New Year, so one step suffices.
  function layoutAt(t: number): YearLayout {
    const guess = yearLayout(new Date(t).getUTCFullYear());
    if (t < guess.start) return yearLayout(guess.year - 1);
    if (t >= guess.end) return yearLayout(guess.year + 1);
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
    for (let y = first.year + 1; y < last.year; y++) total += yearLayout(y).total;
    return total + elapsedIn(last, b);
  }

  function businessIntervals(span: Interval): Interval[] {
    checkInstant(span.start, 'span.start');
    checkInstant(span.end, 'span.end');
    const out: Interval[] = [];
    if (span.end <= span.start) return out;
    for (let year = layoutAt(span.start); year.start < span.end; year = yearLayout(year.year + 1)) {
      for (let k = Math.max(0, lastAtOrBefore(year.starts, span.start)); k < year.starts.length; k++) {
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
    const firstYear = year.year;
    let needed = elapsedIn(year, start) + ms;
    let emptyYears = 0;
    while (needed > year.total) {
      needed -= year.total;
      year = yearLayout(year.year + 1);
      emptyYears = year.total === 0 ? emptyYears + 1 : 0;
      if (year.year - firstYear > MAX_YEARS_AHEAD) throw new Error(`ms: ${ms} is more business time than ${MAX_YEARS_AHEAD} years hold`);
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
      const k = lastAtOrBefore(year.starts, t);
      return k >= 0 && t < year.ends[k]!;
    },
    monthSpan(month) {
      const match = MONTH.exec(month);
      if (!match) throw new Error(`month: "${month}" is not a month written YYYY-MM`);
      const year = Number(match[1]);
      const index = Number(match[2]) - 1;
      return { start: dayStart(year, Date.UTC(year, index, 1)), end: dayStart(year, Date.UTC(year, index + 1, 1)) };
    },
    monthOf(t) {
      checkInstant(t, 't');
      return localDateOf(t).slice(0, 7);
    },
    localDays(from, count) {
      if (typeof from !== 'string' || !isLocalDate(from)) throw new Error(`from: "${String(from)}" is not a date written YYYY-MM-DD`);
      if (!Number.isInteger(count) || count < 0) throw new Error(`days: ${count} is not a whole number of days ≥ 0`);
      const first = Date.parse(`${from}T00:00:00Z`);
      const out: Array<{ date: string; span: Interval }> = [];
      for (let k = 0; k < count; k++) {
        const civil = first + k * DAY_MS;
        const year = new Date(civil).getUTCFullYear();
        out.push({ date: new Date(civil).toISOString().slice(0, 10), span: { start: dayStart(year, civil), end: dayStart(year, civil + DAY_MS) } });
      }
      return out;
    },
  };

  /** Local midnight of a date written as a UTC midnight (`civil`), from the layout of `year` or the next. */
  function dayStart(year: number, civil: number): number {
    const layout = civil >= Date.UTC(year + 1, 0, 1) ? yearLayout(year + 1) : yearLayout(year);
    return layout.dayStarts[Math.round((civil - Date.UTC(layout.year, 0, 1)) / DAY_MS)]!;
  }

  /** 'YYYY-MM-DD' of the local day holding t. */
  function localDateOf(t: number): string {
    const layout = layoutAt(t);
    const k = lastAtOrBefore(layout.dayStarts, t);
    return new Date(Date.UTC(layout.year, 0, 1 + k)).toISOString().slice(0, 10);
  }
}

// The range of a JavaScript Date.
const LAST_INSTANT = 8.64e15;

function checkInstant(t: number, field: string): void {
  if (!Number.isFinite(t) || Math.abs(t) > LAST_INSTANT) throw new Error(`${field}: ${t} is not an instant in epoch milliseconds`);
}

