// A calendar lays out one local year at a time, and a local year starts hours before or after the
// UTC one. These cases sit between the two New Years, in zones west and east of UTC, with
// calendars open at midnight so that the hours there count.
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../src/calendar/business-calendar.ts';
import { defaultCalendarSpec, type OpeningSpan } from '../../src/calendar/spec.ts';

const H = 3_600_000;
const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(iso) || Number.isNaN(ms)) throw new Error(`fixture ${iso} needs an offset`);
  return ms;
};
const everyDay = (spans: OpeningSpan[]) => ({ mon: spans, tue: spans, wed: spans, thu: spans, fri: spans, sat: spans, sun: spans });
// Each test builds its own calendar: a year laid out by an earlier test must not hide this one's.
const openAllDay = (timeZone: string) =>
  createBusinessCalendar({ ...defaultCalendarSpec(), timeZone, holidayRegions: [], hours: everyDay([{ from: '00:00', to: '24:00' }]) });
const openAroundMidnight = (timeZone: string) =>
  createBusinessCalendar({ ...defaultCalendarSpec(), timeZone, holidayRegions: [], hours: everyDay([{ from: '00:00', to: '02:00' }, { from: '22:00', to: '24:00' }]) });

describe('Toronto (-05:00): UTC New Year comes first, local New Year five hours later', () => {
  it('counts the hours between the two New Years, whichever year each end falls in', () => {
    expect(openAllDay('America/Toronto').businessMsBetween(at('2027-01-01T00:00:00Z'), at('2027-01-01T00:00:00-05:00'))).toBe(5 * H);
    expect(openAllDay('America/Toronto').businessMsBetween(at('2026-12-31T23:00:00Z'), at('2027-01-01T06:00:00Z'))).toBe(7 * H);
    expect(openAllDay('America/Toronto').businessMsBetween(at('2027-01-01T02:00:00Z'), at('2027-01-01T03:00:00Z'))).toBe(H);
    expect(openAroundMidnight('America/Toronto').businessMsBetween(at('2027-01-01T00:00:00Z'), at('2027-01-01T08:00:00Z'))).toBe(4 * H);
  });

  it('knows an instant after UTC New Year is still in the old local year', () => {
    const calendar = openAroundMidnight('America/Toronto');
    expect(calendar.isBusinessInstant(at('2026-12-31T23:30:00-05:00'))).toBe(true);
    expect(calendar.isBusinessInstant(at('2026-12-31T21:59:59-05:00'))).toBe(false);
    expect(calendar.isBusinessInstant(at('2027-01-01T00:00:00-05:00'))).toBe(true);
    expect(calendar.monthOf(at('2027-01-01T04:59:59.999Z'))).toBe('2026-12');
    expect(calendar.monthOf(at('2027-01-01T05:00:00Z'))).toBe('2027-01');
  });

  it('an opening that runs through local New Year’s midnight comes back as one interval', () => {
    expect(openAroundMidnight('America/Toronto').businessIntervals({ start: at('2026-12-31T20:00:00-05:00'), end: at('2027-01-01T04:00:00-05:00') })).toEqual([
      { start: at('2026-12-31T22:00:00-05:00'), end: at('2027-01-01T02:00:00-05:00') },
    ]);
    expect(openAllDay('America/Toronto').businessIntervals({ start: at('2026-12-30T12:00:00-05:00'), end: at('2027-01-02T12:00:00-05:00') })).toEqual([
      { start: at('2026-12-30T12:00:00-05:00'), end: at('2027-01-02T12:00:00-05:00') },
    ]);
  });

  it('an opening through midnight within a year is one interval too', () => {
    expect(openAroundMidnight('America/Toronto').businessIntervals({ start: at('2026-11-02T12:00:00-05:00'), end: at('2026-11-04T12:00:00-05:00') })).toEqual([
      { start: at('2026-11-02T22:00:00-05:00'), end: at('2026-11-03T02:00:00-05:00') },
      { start: at('2026-11-03T22:00:00-05:00'), end: at('2026-11-04T02:00:00-05:00') },
    ]);
  });

  it('a span across several New Years adds up whole years between its ends', () => {
    const calendar = openAllDay('America/Toronto');
    expect(calendar.businessMsBetween(at('2026-12-31T12:00:00-05:00'), at('2029-01-01T12:00:00-05:00'))).toBe((12 + 365 * 24 + 366 * 24 + 12) * H);
  });

  it('a clock started before local New Year runs on into the new year', () => {
    expect(openAroundMidnight('America/Toronto').addBusinessMs(at('2027-01-01T03:00:00Z'), 3 * H)).toBe(at('2027-01-01T01:00:00-05:00'));
    expect(openAllDay('America/Toronto').addBusinessMs(at('2026-12-31T23:00:00-05:00'), 2 * H)).toBe(at('2027-01-01T01:00:00-05:00'));
  });
});

describe('Tokyo (+09:00): local New Year comes first, UTC New Year nine hours later', () => {
  it('counts the hours between the two New Years', () => {
    expect(openAllDay('Asia/Tokyo').businessMsBetween(at('2027-01-01T00:00:00+09:00'), at('2027-01-01T00:00:00Z'))).toBe(9 * H);
    expect(openAllDay('Asia/Tokyo').businessMsBetween(at('2026-12-31T14:00:00Z'), at('2026-12-31T20:00:00Z'))).toBe(6 * H);
    expect(openAroundMidnight('Asia/Tokyo').businessMsBetween(at('2026-12-31T12:00:00Z'), at('2026-12-31T18:00:00Z'))).toBe(4 * H);
  });

  it('knows an instant before UTC New Year is already in the new local year', () => {
    const calendar = openAroundMidnight('Asia/Tokyo');
    expect(calendar.isBusinessInstant(at('2027-01-01T01:30:00+09:00'))).toBe(true);
    expect(calendar.isBusinessInstant(at('2027-01-01T02:00:00+09:00'))).toBe(false);
    expect(calendar.isBusinessInstant(at('2027-01-01T00:00:00+09:00'))).toBe(true);
    expect(calendar.monthOf(at('2026-12-31T15:00:00Z'))).toBe('2027-01');
    expect(calendar.monthOf(at('2026-12-31T14:59:59.999Z'))).toBe('2026-12');
  });

  it('an opening through local New Year’s midnight is one interval', () => {
    expect(openAroundMidnight('Asia/Tokyo').businessIntervals({ start: at('2026-12-31T12:00:00Z'), end: at('2026-12-31T18:00:00Z') })).toEqual([
      { start: at('2026-12-31T22:00:00+09:00'), end: at('2027-01-01T02:00:00+09:00') },
    ]);
  });

  it('a clock started after local New Year but before UTC New Year runs in the new local year', () => {
    expect(openAroundMidnight('Asia/Tokyo').addBusinessMs(at('2027-01-01T01:00:00+09:00'), 2 * H)).toBe(at('2027-01-01T23:00:00+09:00'));
  });
});
