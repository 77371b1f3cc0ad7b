// The questions a calendar answers, at the limits of what they accept.
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../src/calendar/business-calendar.ts';
import { defaultCalendarSpec } from '../../src/calendar/spec.ts';

const H = 3_600_000;
const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(iso) || Number.isNaN(ms)) throw new Error(`fixture ${iso} needs an offset`);
  return ms;
};
const toronto = () => createBusinessCalendar(defaultCalendarSpec());

describe('the default calendar (rule 2)', () => {
  it('is Toronto, Monday to Friday 09:00–17:00, closed on the public holidays of Canada and Québec', () => {
    const weekday = [{ from: '09:00', to: '17:00' }];
    expect(defaultCalendarSpec()).toEqual({
      name: 'default',
      timeZone: 'America/Toronto',
      hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] },
      holidayRegions: ['CA', 'CA-QC'],
      holidayTypes: ['public'],
      extraClosures: [],
      removedHolidays: [],
    });
  });
});

describe('instants a calendar accepts', () => {
  it('any instant a JavaScript Date can hold, and no other', () => {
    expect(toronto().businessMsBetween(8.64e15, 8.64e15)).toBe(0);
    expect(toronto().businessMsBetween(-8.64e15, -8.64e15)).toBe(0);
    expect(() => toronto().businessMsBetween(0, 8.64e15 + 1)).toThrow('b: 8640000000000001 is not an instant in epoch milliseconds');
    expect(() => toronto().businessMsBetween(-8.64e15 - 1, 0)).toThrow('a: -8640000000000001 is not an instant in epoch milliseconds');
  });

  it('each query names the argument it refuses', () => {
    expect(() => toronto().businessIntervals({ start: Number.NaN, end: 0 })).toThrow('span.start: NaN is not an instant');
    expect(() => toronto().businessIntervals({ start: 0, end: Number.POSITIVE_INFINITY })).toThrow('span.end: Infinity is not an instant');
    expect(() => toronto().isBusinessInstant(Number.NaN)).toThrow('t: NaN is not an instant');
    expect(() => toronto().monthOf(Number.NaN)).toThrow('t: NaN is not an instant');
  });
});

describe('local days', () => {
  it('refuses a count that is not a whole number, or a date that is not text', () => {
    expect(() => toronto().localDays('2026-11-01', 1.5)).toThrow('days: 1.5 is not a whole number of days ≥ 0');
    expect(() => toronto().localDays('2026-11-01', Number.NaN)).toThrow('days: NaN is not a whole number of days ≥ 0');
    expect(() => toronto().localDays(20261101 as unknown as string, 1)).toThrow('from: "20261101" is not a date written YYYY-MM-DD');
    // A list of one date would read as the date once made text; it is still not a date.
    expect(() => toronto().localDays(['2026-11-01'] as unknown as string, 1)).toThrow('from: "2026-11-01" is not a date written YYYY-MM-DD');
  });

  it('a month is four digits, a dash and 01–12, nothing before or after', () => {
    for (const month of ['12026-11', '2026-111', '2026-11 ', 'x2026-11']) expect(() => toronto().monthSpan(month), month).toThrow(`month: "${month}" is not a month written YYYY-MM`);
  });

  it('December’s month span ends at local New Year', () => {
    expect(toronto().monthSpan('2026-12')).toEqual({ start: at('2026-12-01T00:00:00-05:00'), end: at('2027-01-01T00:00:00-05:00') });
    expect(toronto().monthSpan('2027-01')).toEqual({ start: at('2027-01-01T00:00:00-05:00'), end: at('2027-02-01T00:00:00-05:00') });
  });
});

describe('business intervals of a span', () => {
  it('start inside an opening and end inside another, days apart', () => {
    expect(toronto().businessIntervals({ start: at('2026-11-03T12:00:00-05:00'), end: at('2026-11-05T10:00:00-05:00') })).toEqual([
      { start: at('2026-11-03T12:00:00-05:00'), end: at('2026-11-03T17:00:00-05:00') },
      { start: at('2026-11-04T09:00:00-05:00'), end: at('2026-11-04T17:00:00-05:00') },
      { start: at('2026-11-05T09:00:00-05:00'), end: at('2026-11-05T10:00:00-05:00') },
    ]);
  });

  it('a span ending exactly at an opening’s start holds nothing of it', () => {
    expect(toronto().businessIntervals({ start: at('2026-11-03T17:00:00-05:00'), end: at('2026-11-04T09:00:00-05:00') })).toEqual([]);
    expect(toronto().businessMsBetween(at('2026-11-03T17:00:00-05:00'), at('2026-11-04T09:00:00-05:00'))).toBe(0);
    expect(toronto().businessMsBetween(at('2026-11-03T16:00:00-05:00'), at('2026-11-04T10:00:00-05:00'))).toBe(2 * H);
  });

  it('a span across several years is cut year by year and joined where openings touch', () => {
    const spans = toronto().businessIntervals({ start: at('2026-12-31T16:00:00-05:00'), end: at('2028-01-03T10:00:00-05:00') });
    expect(spans[0]).toEqual({ start: at('2026-12-31T16:00:00-05:00'), end: at('2026-12-31T17:00:00-05:00') });
    expect(spans[1]).toEqual({ start: at('2027-01-04T09:00:00-05:00'), end: at('2027-01-04T17:00:00-05:00') });
    expect(spans[spans.length - 1]).toEqual({ start: at('2028-01-03T09:00:00-05:00'), end: at('2028-01-03T10:00:00-05:00') });
    expect(spans.reduce((sum, span) => sum + span.end - span.start, 0)).toBe(
      toronto().businessMsBetween(at('2026-12-31T16:00:00-05:00'), at('2028-01-03T10:00:00-05:00')),
    );
  });
});
