// The year layout resolves most days by arithmetic and only DST-change days with luxon; here
// every day of 2026 in zones with unusual rules is checked against luxon directly.
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { createBusinessCalendar } from '../../src/calendar/business-calendar.ts';
import { defaultCalendarSpec, type OpeningSpan } from '../../src/calendar/spec.ts';
import { perTest } from '../support/per-test.ts';

const ZONES = [
  'America/Toronto',
  'Europe/Paris',
  'America/Santiago', // DST starts at midnight: September 6, 2026 begins at 01:00
  'America/Havana', // likewise, in March
  'Australia/Lord_Howe', // a 30-minute DST shift
  'Pacific/Chatham', // +12:45 / +13:45
  'America/St_Johns', // -03:30 / -02:30
  'Asia/Kolkata', // no DST
];
const open: OpeningSpan[] = [{ from: '00:30', to: '02:30' }, { from: '09:00', to: '17:00' }, { from: '23:00', to: '24:00' }];

describe.each(ZONES)('every day of 2026 in %s', (zone) => {
  const calendar = perTest(() =>
    createBusinessCalendar({
      ...defaultCalendarSpec(),
      timeZone: zone,
      holidayRegions: [],
      hours: { mon: open, tue: open, wed: open, thu: open, fri: open, sat: open, sun: open },
    }),
  );
  const days = () => calendar.localDays('2026-01-01', 365);

  // The first instant whose local date is `date`: every offset change of these zones falls on a
  // quarter hour, so a scan by quarter hours from a few hours early finds it.
  const firstInstantOf = (date: string) => {
    let t = DateTime.fromISO(date, { zone }).startOf('day').toMillis() - 3 * 3_600_000;
    while (DateTime.fromMillis(t, { zone }).toISODate() !== date) t += 15 * 60_000;
    return t;
  };
  const nextDate = (date: string) => DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: 1 }).toISODate()!;

  it('local days run from the first instant of their date to the first of the next', () => {
    for (const { date, span } of days()) {
      expect({ date, start: span.start, end: span.end }).toEqual({ date, start: firstInstantOf(date), end: firstInstantOf(nextDate(date)) });
      expect(calendar.monthOf(span.start)).toBe(date.slice(0, 7));
      expect(calendar.monthOf(span.end - 1)).toBe(date.slice(0, 7));
    }
  });

  it('openings land where luxon puts the wall-clock times (a time in a skipped hour moves forward)', () => {
    for (const { date, span } of days()) {
      const at = (hhmm: string) => (hhmm === '24:00' ? span.end : DateTime.fromISO(`${date}T${hhmm}`, { zone }).toMillis());
      const expected = open.map((o) => ({ start: at(o.from), end: at(o.to) })).filter((i) => i.end > i.start);
      const got = calendar.businessIntervals(span);
      // 23:00–24:00 joins the next day's 00:30 only if they touch, which they never do here.
      expect(got).toEqual(expected);
    }
  });

  it('months run from the first instant of the 1st to the first instant of the next 1st', () => {
    for (let m = 1; m <= 12; m++) {
      const month = `2026-${String(m).padStart(2, '0')}`;
      const next = m === 12 ? '2027-01-01' : `2026-${String(m + 1).padStart(2, '0')}-01`;
      expect(calendar.monthSpan(month)).toEqual({ start: firstInstantOf(`${month}-01`), end: firstInstantOf(next) });
    }
  });
});

describe('Havana, where midnight itself moves', () => {
  const calendar = perTest(() => createBusinessCalendar({ ...defaultCalendarSpec(), timeZone: 'America/Havana', holidayRegions: [] }));
  const utc = (iso: string) => Date.parse(iso);

  it('a repeated midnight (November 1, 2026: 01:00 CDT back to 00:00 CST) begins the date at its first occurrence, a 25 h day', () => {
    expect(calendar.localDays('2026-10-31', 3).map(({ date, span }) => [date, span.start, span.end])).toEqual([
      ['2026-10-31', utc('2026-10-31T04:00:00Z'), utc('2026-11-01T04:00:00Z')],
      ['2026-11-01', utc('2026-11-01T04:00:00Z'), utc('2026-11-02T05:00:00Z')],
      ['2026-11-02', utc('2026-11-02T05:00:00Z'), utc('2026-11-03T05:00:00Z')],
    ]);
  });

  it('a skipped midnight (March 8, 2026: 00:00 CST is 01:00 CDT) begins the date at the end of the gap, a 23 h day', () => {
    expect(calendar.localDays('2026-03-07', 3).map(({ date, span }) => [date, span.start, span.end])).toEqual([
      ['2026-03-07', utc('2026-03-07T05:00:00Z'), utc('2026-03-08T05:00:00Z')],
      ['2026-03-08', utc('2026-03-08T05:00:00Z'), utc('2026-03-09T04:00:00Z')],
      ['2026-03-09', utc('2026-03-09T04:00:00Z'), utc('2026-03-10T04:00:00Z')],
    ]);
  });
});
