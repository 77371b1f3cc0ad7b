import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../src/calendar/business-calendar.ts';
import { defaultCalendarSpec, type CalendarSpec, type OpeningSpan } from '../../src/calendar/spec.ts';
import { perTest } from '../support/per-test.ts';

const H = 3_600_000;
const MIN = 60_000;
const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (!/[+-]\d{2}:\d{2}$|Z$/.test(iso) || Number.isNaN(ms)) throw new Error(`fixture ${iso} needs an offset`);
  return ms;
};
const calendar = (overrides: Partial<CalendarSpec> = {}) => createBusinessCalendar({ ...defaultCalendarSpec(), ...overrides });
const everyDay = (spans: OpeningSpan[]): CalendarSpec['hours'] => ({ mon: spans, tue: spans, wed: spans, thu: spans, fri: spans, sat: spans, sun: spans });
const toronto = perTest(() => calendar());

describe('months in the calendar zone (rule 1)', () => {
  it('November 2026 runs from local midnight to local midnight: 30 days and the hour DST gives back', () => {
    expect(toronto.monthSpan('2026-11')).toEqual({ start: at('2026-11-01T00:00:00-04:00'), end: at('2026-12-01T00:00:00-05:00') });
  });

  it('November 2026 has 21 business days: 168 h = 10,080 min = 604,800,000 ms', () => {
    const { start, end } = toronto.monthSpan('2026-11');
    expect(toronto.businessMsBetween(start, end)).toBe(604_800_000);
    expect(toronto.businessMsBetween(start, end) / MIN).toBe(10_080);
  });

  it('March 2026 (DST starts on the 8th) has 22 business days of 8 h', () => {
    const { start, end } = toronto.monthSpan('2026-03');
    expect(end - start).toBe((31 * 24 - 1) * H);
    expect(toronto.businessMsBetween(start, end)).toBe(22 * 8 * H);
  });

  it('April 2026 loses Good Friday: 21 business days', () => {
    const { start, end } = toronto.monthSpan('2026-04');
    expect(toronto.businessMsBetween(start, end)).toBe(21 * 8 * H);
  });

  it('monthOf names the local month, which differs from the UTC one near midnight', () => {
    expect(toronto.monthOf(at('2026-10-31T23:59:59-04:00'))).toBe('2026-10');
    expect(toronto.monthOf(at('2026-11-01T00:00:00-04:00'))).toBe('2026-11');
    expect(toronto.monthOf(at('2026-12-01T03:00:00Z'))).toBe('2026-11');
  });

  it('rejects a month not written YYYY-MM', () => {
    expect(() => toronto.monthSpan('2026-13')).toThrow(/month: "2026-13"/);
    expect(() => toronto.monthSpan('Nov 2026')).toThrow(/month/);
  });
});

describe('business hours across DST changes', () => {
  it('the week DST starts (March 8, 2026) holds 5 × 8 h', () => {
    expect(toronto.businessMsBetween(at('2026-03-08T00:00:00-05:00'), at('2026-03-15T00:00:00-04:00'))).toBe(40 * H);
    expect(toronto.businessIntervals({ start: at('2026-03-06T00:00:00-05:00'), end: at('2026-03-10T00:00:00-04:00') })).toEqual([
      { start: at('2026-03-06T09:00:00-05:00'), end: at('2026-03-06T17:00:00-05:00') },
      { start: at('2026-03-09T09:00:00-04:00'), end: at('2026-03-09T17:00:00-04:00') },
    ]);
  });

  it('the week DST ends (November 1, 2026) holds 5 × 8 h', () => {
    expect(toronto.businessMsBetween(at('2026-11-01T00:00:00-04:00'), at('2026-11-08T00:00:00-05:00'))).toBe(40 * H);
    expect(toronto.isBusinessInstant(at('2026-11-02T09:00:00-05:00'))).toBe(true);
    expect(toronto.isBusinessInstant(at('2026-11-02T08:59:59-05:00'))).toBe(false);
  });

  it('09:00–17:00 on the DST-change Sundays is still 8 h', () => {
    const sundays = calendar({ hours: { ...defaultCalendarSpec().hours, sun: [{ from: '09:00', to: '17:00' }] } });
    expect(sundays.businessMsBetween(at('2026-03-08T00:00:00-05:00'), at('2026-03-09T00:00:00-04:00'))).toBe(8 * H);
    expect(sundays.businessMsBetween(at('2026-11-01T00:00:00-04:00'), at('2026-11-02T00:00:00-05:00'))).toBe(8 * H);
  });

  it('00:00–24:00 on the DST-change days is 23 h and 25 h', () => {
    const allDay = calendar({ hours: everyDay([{ from: '00:00', to: '24:00' }]), holidayRegions: [] });
    expect(allDay.businessMsBetween(at('2026-03-08T00:00:00-05:00'), at('2026-03-09T00:00:00-04:00'))).toBe(23 * H);
    expect(allDay.businessMsBetween(at('2026-11-01T00:00:00-04:00'), at('2026-11-02T00:00:00-05:00'))).toBe(25 * H);
    // Consecutive all-day openings are one continuous stretch of business time.
    expect(allDay.businessIntervals({ start: at('2026-03-07T12:00:00-05:00'), end: at('2026-03-09T12:00:00-04:00') })).toEqual([
      { start: at('2026-03-07T12:00:00-05:00'), end: at('2026-03-09T12:00:00-04:00') },
    ]);
  });
});

describe('holidays and spans', () => {
  it('Good Friday, Fête nationale and Christmas 2026 are closed; Easter Monday is open', () => {
    expect(toronto.isBusinessInstant(at('2026-04-03T12:00:00-04:00'))).toBe(false);
    expect(toronto.isBusinessInstant(at('2026-06-24T12:00:00-04:00'))).toBe(false);
    expect(toronto.isBusinessInstant(at('2026-12-25T12:00:00-05:00'))).toBe(false);
    expect(toronto.isBusinessInstant(at('2026-04-06T12:00:00-04:00'))).toBe(true);
    expect(toronto.businessMsBetween(at('2026-06-22T00:00:00-04:00'), at('2026-06-27T00:00:00-04:00'))).toBe(4 * 8 * H);
  });

  it('a span crossing a weekend counts Friday afternoon and Monday morning only', () => {
    const span = { start: at('2026-11-06T16:00:00-05:00'), end: at('2026-11-09T10:00:00-05:00') };
    expect(toronto.businessMsBetween(span.start, span.end)).toBe(2 * H);
    expect(toronto.businessIntervals(span)).toEqual([
      { start: at('2026-11-06T16:00:00-05:00'), end: at('2026-11-06T17:00:00-05:00') },
      { start: at('2026-11-09T09:00:00-05:00'), end: at('2026-11-09T10:00:00-05:00') },
    ]);
  });

  it('a span crossing New Year skips January 1', () => {
    expect(toronto.businessMsBetween(at('2026-12-31T16:00:00-05:00'), at('2027-01-04T10:00:00-05:00'))).toBe(2 * H);
  });

  it('whole years add up: 253 business days in 2026', () => {
    expect(toronto.businessMsBetween(at('2026-01-01T00:00:00-05:00'), at('2027-01-01T00:00:00-05:00'))).toBe(253 * 8 * H);
    expect(toronto.businessMsBetween(at('2025-06-01T00:00:00-04:00'), at('2028-06-01T00:00:00-04:00'))).toBe(
      toronto.businessMsBetween(at('2025-06-01T00:00:00-04:00'), at('2027-01-01T00:00:00-05:00')) +
        toronto.businessMsBetween(at('2027-01-01T00:00:00-05:00'), at('2028-06-01T00:00:00-04:00')),
    );
  });

  it('an empty or reversed span has no business time', () => {
    const t = at('2026-11-02T10:00:00-05:00');
    expect(toronto.businessMsBetween(t, t)).toBe(0);
    expect(toronto.businessMsBetween(t + H, t)).toBe(0);
    expect(toronto.businessIntervals({ start: t + H, end: t })).toEqual([]);
  });

  it('opening hours are half-open: 17:00 itself is closed', () => {
    expect(toronto.isBusinessInstant(at('2026-11-02T16:59:59.999-05:00'))).toBe(true);
    expect(toronto.isBusinessInstant(at('2026-11-02T17:00:00-05:00'))).toBe(false);
  });

  it('extra closures close a day; removed holidays reopen one', () => {
    const custom = calendar({ extraClosures: ['2026-11-11'], removedHolidays: ['2026-04-03'] });
    const nov = custom.monthSpan('2026-11');
    expect(custom.businessMsBetween(nov.start, nov.end)).toBe(20 * 8 * H);
    expect(custom.isBusinessInstant(at('2026-04-03T12:00:00-04:00'))).toBe(true);
    const apr = custom.monthSpan('2026-04');
    expect(custom.businessMsBetween(apr.start, apr.end)).toBe(22 * 8 * H);
  });

  it('several openings a day are each counted', () => {
    const split = calendar({ hours: { ...defaultCalendarSpec().hours, mon: [{ from: '13:00', to: '17:00' }, { from: '08:00', to: '12:00' }] } });
    expect(split.businessMsBetween(at('2026-11-02T00:00:00-05:00'), at('2026-11-03T00:00:00-05:00'))).toBe(8 * H);
    expect(split.isBusinessInstant(at('2026-11-02T12:30:00-05:00'))).toBe(false);
  });
});

describe('another zone', () => {
  const paris = perTest(() => calendar({ name: 'paris', timeZone: 'Europe/Paris', holidayRegions: ['FR'] }));

  it('uses that zone for days, months and its own DST (March 29, 2026)', () => {
    expect(paris.monthSpan('2026-03')).toEqual({ start: at('2026-03-01T00:00:00+01:00'), end: at('2026-04-01T00:00:00+02:00') });
    expect(paris.isBusinessInstant(at('2026-03-30T09:00:00+02:00'))).toBe(true);
    expect(paris.isBusinessInstant(at('2026-03-30T08:30:00+02:00'))).toBe(false);
    expect(paris.businessMsBetween(at('2026-03-29T00:00:00+01:00'), at('2026-04-04T00:00:00+02:00'))).toBe(40 * H);
  });

  it('uses that region’s holidays: Easter Monday is public in France', () => {
    expect(paris.isBusinessInstant(at('2026-04-06T10:00:00+02:00'))).toBe(false);
    expect(paris.isBusinessInstant(at('2026-06-24T10:00:00+02:00'))).toBe(true);
  });

  it('a zone without DST and without holidays', () => {
    const tokyo = calendar({ timeZone: 'Asia/Tokyo', holidayRegions: [] });
    expect(tokyo.businessIntervals({ start: at('2026-11-02T00:00:00+09:00'), end: at('2026-11-03T00:00:00+09:00') })).toEqual([
      { start: at('2026-11-02T09:00:00+09:00'), end: at('2026-11-02T17:00:00+09:00') },
    ]);
  });
});

describe('the length of a business day (rule 8)', () => {
  it('defaults to the longest weekday opening, or is set', () => {
    expect(toronto.businessDayMs).toBe(8 * H);
    expect(calendar({ hours: { ...defaultCalendarSpec().hours, wed: [{ from: '08:00', to: '18:00' }] } }).businessDayMs).toBe(10 * H);
    expect(calendar({ businessDayMs: 7.5 * H }).businessDayMs).toBe(7.5 * H);
  });
});

describe('bad calendar specs are clear errors naming the field', () => {
  it.each([
    [{ timeZone: 'Mars/Olympus' }, /timeZone: "Mars\/Olympus"/],
    [{ hours: { ...defaultCalendarSpec().hours, tue: [{ from: '17:00', to: '09:00' }] } }, /hours\.tue\[0\]/],
    [{ hours: { ...defaultCalendarSpec().hours, wed: [{ from: '9:00', to: '17:00' }] } }, /hours\.wed\[0\]\.from/],
    [{ hours: { ...defaultCalendarSpec().hours, thu: [{ from: '09:00', to: '24:30' }] } }, /hours\.thu\[0\]\.to/],
    [{ extraClosures: ['2026-02-30'] }, /extraClosures\[0\]: "2026-02-30"/],
    [{ removedHolidays: ['25/12/2026'] }, /removedHolidays\[0\]/],
    [{ holidayRegions: ['Quebec'] }, /holidayRegions: "Quebec"/],
    [{ businessDayMs: -1 }, /businessDayMs/],
  ] as Array<[Partial<CalendarSpec>, RegExp]>)('%o', (overrides, message) => {
    expect(() => calendar(overrides)).toThrow(message);
  });
});

describe('local days', () => {
  it('are consecutive dates with contiguous spans, across a year end and DST', () => {
    const days = toronto.localDays('2026-12-30', 4);
    expect(days.map((d) => d.date)).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(days[2]!.span).toEqual({ start: at('2027-01-01T00:00:00-05:00'), end: at('2027-01-02T00:00:00-05:00') });
    for (let k = 1; k < days.length; k++) expect(days[k]!.span.start).toBe(days[k - 1]!.span.end);
    expect(toronto.localDays('2026-03-08', 1)[0]!.span).toEqual({ start: at('2026-03-08T00:00:00-05:00'), end: at('2026-03-09T00:00:00-04:00') });
  });

  it('rejects an impossible date or a negative count', () => {
    expect(() => toronto.localDays('2026-02-30', 1)).toThrow(/from: "2026-02-30"/);
    expect(() => toronto.localDays('2026-02-01', -1)).toThrow(/days: -1/);
    expect(toronto.localDays('2026-02-01', 0)).toEqual([]);
  });
});
