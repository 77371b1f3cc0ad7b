// How far addBusinessMs searches for business time, when it gives up, and what it says then.
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../src/calendar/business-calendar.ts';
import { defaultCalendarSpec, type CalendarSpec, type OpeningSpan } from '../../src/calendar/spec.ts';

const H = 3_600_000;
const DAY = 24 * H;
const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(iso) || Number.isNaN(ms)) throw new Error(`fixture ${iso} needs an offset`);
  return ms;
};
const everyDay = (spans: OpeningSpan[]) => ({ mon: spans, tue: spans, wed: spans, thu: spans, fri: spans, sat: spans, sun: spans });
const weekdays = (spans: OpeningSpan[]): CalendarSpec['hours'] => ({ mon: spans, tue: spans, wed: spans, thu: spans, fri: spans, sat: [], sun: [] });
/** Every date of a year, 'YYYY-MM-DD', but those kept open. */
const everyDateOf = (year: number, keepOpen: string[] = []): string[] => {
  const out: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += DAY) out.push(new Date(t).toISOString().slice(0, 10));
  return out.filter((date) => !keepOpen.includes(date));
};
// Monday–Friday 09:00–17:00 in Toronto without public holidays, closed on the dates given.
const nineToFive = (name: string, extraClosures: string[]) =>
  createBusinessCalendar({ ...defaultCalendarSpec(), name, holidayRegions: [], hours: weekdays([{ from: '09:00', to: '17:00' }]), extraClosures });

describe('a calendar open every hour of every day, in UTC: business time is elapsed time', () => {
  it('reaches 50 years ahead and not one millisecond further: a clock started in 2026 can run to the end of 2076', () => {
    // One calendar for the whole case: laying out half a century is the slow part.
    const alwaysOpen = createBusinessCalendar({ ...defaultCalendarSpec(), timeZone: 'UTC', holidayRegions: [], hours: everyDay([{ from: '00:00', to: '24:00' }]) });
    const start = at('2026-01-01T00:00:00Z');
    const fiftyOneYears = at('2077-01-01T00:00:00Z') - start;
    expect(() => alwaysOpen.addBusinessMs(start, fiftyOneYears + 1)).toThrow(`ms: ${fiftyOneYears + 1} is more business time than 50 years hold`);
    expect(alwaysOpen.addBusinessMs(start, fiftyOneYears)).toBe(at('2077-01-01T00:00:00Z'));
    expect(alwaysOpen.addBusinessMs(start, fiftyOneYears - 1)).toBe(at('2076-12-31T23:59:59.999Z'));
    // A clock started late in a year counts its 50 years from that year.
    const late = at('2026-12-31T23:00:00Z');
    expect(alwaysOpen.addBusinessMs(late, at('2077-01-01T00:00:00Z') - late)).toBe(at('2077-01-01T00:00:00Z'));
  });
});

describe('years without any business time', () => {
  it('one closed year is crossed: from December 31, 2026 16:00, two hours are due on January 3, 2028 at 10:00', () => {
    const calendar = nineToFive('closed-2027', everyDateOf(2027));
    expect(calendar.addBusinessMs(at('2026-12-31T16:00:00-05:00'), 2 * H)).toBe(at('2028-01-03T10:00:00-05:00'));
  });

  it('two closed years in a row end the search, naming the calendar and the years', () => {
    const calendar = nineToFive('closed-2027-2028', [...everyDateOf(2027), ...everyDateOf(2028)]);
    expect(() => calendar.addBusinessMs(at('2026-12-31T16:00:00-05:00'), 2 * H)).toThrow(
      'calendar "closed-2027-2028" has no business hours in 2027–2028: business time cannot elapse, so no deadline can be reached',
    );
    // Within what is left of 2026, the clock is due as usual.
    expect(calendar.addBusinessMs(at('2026-12-31T16:00:00-05:00'), H)).toBe(at('2026-12-31T17:00:00-05:00'));
  });

  it('closed years apart do not add up: one open day in 2028 between closed 2027 and closed 2029 keeps the clock going', () => {
    const calendar = nineToFive('one-day-in-three-years', [...everyDateOf(2027), ...everyDateOf(2028, ['2028-01-03']), ...everyDateOf(2029)]);
    // 1 h left on December 31, 2026, 8 h on January 3, 2028, then January 1, 2030 (a Tuesday).
    expect(calendar.addBusinessMs(at('2026-12-31T16:00:00-05:00'), 10 * H)).toBe(at('2030-01-01T10:00:00-05:00'));
  });

  it('a calendar that never opens gives up after the year the clock starts in and the next two', () => {
    const never = createBusinessCalendar({ ...defaultCalendarSpec(), name: 'never', holidayRegions: [], hours: everyDay([]), businessDayMs: 8 * H });
    expect(() => never.addBusinessMs(at('2026-06-01T10:00:00-04:00'), 1)).toThrow('calendar "never" has no business hours in 2027–2028');
  });
});

describe('what addBusinessMs refuses', () => {
  const toronto = () => createBusinessCalendar(defaultCalendarSpec());

  it('an amount that is not a duration ≥ 0', () => {
    for (const ms of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => toronto().addBusinessMs(at('2026-11-02T10:00:00-05:00'), ms), String(ms)).toThrow(`ms: ${ms} is not a duration ≥ 0`);
    }
  });

  it('a start outside the range of a Date, or not a number', () => {
    expect(() => toronto().addBusinessMs(-9e15, 1)).toThrow('start: -9000000000000000 is not an instant in epoch milliseconds');
    expect(() => toronto().addBusinessMs(Number.NaN, 1)).toThrow('start: NaN is not an instant');
    expect(() => toronto().addBusinessMs(Number.POSITIVE_INFINITY, 1)).toThrow('start: Infinity is not an instant');
  });

  it('zero business time is due at once, even outside business hours', () => {
    expect(toronto().addBusinessMs(at('2026-11-07T10:00:00-05:00'), 0)).toBe(at('2026-11-07T10:00:00-05:00'));
  });
});
