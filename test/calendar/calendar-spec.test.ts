// How a calendar's opening hours are read (rule 2): 'HH:mm' local times, 24:00 as an end, several
// openings a day merged where they meet, and every mistake a clear error naming its field.
import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../src/calendar/business-calendar.ts';
import { defaultCalendarSpec, type CalendarSpec, type OpeningSpan } from '../../src/calendar/spec.ts';

const H = 3_600_000;
const MIN = 60_000;
const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(iso) || Number.isNaN(ms)) throw new Error(`fixture ${iso} needs an offset`);
  return ms;
};
// Monday November 2, 2026 in Toronto (EST, -05:00), a calendar open on Mondays only.
const MONDAY = { start: at('2026-11-02T00:00:00-05:00'), end: at('2026-11-03T00:00:00-05:00') };
const closedWeek: CalendarSpec['hours'] = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const mondays = (mon: OpeningSpan[], overrides: Partial<CalendarSpec> = {}) =>
  createBusinessCalendar({ ...defaultCalendarSpec(), holidayRegions: [], hours: { ...closedWeek, mon }, ...overrides });
const mondayIntervals = (mon: OpeningSpan[]) => mondays(mon).businessIntervals(MONDAY);
const local = (hhmm: string) => at(`2026-11-02T${hhmm}:00-05:00`);

describe('several openings on one day', () => {
  it('openings that overlap are one stretch of business time, counted once', () => {
    expect(mondayIntervals([{ from: '09:00', to: '13:00' }, { from: '12:00', to: '17:00' }])).toEqual([{ start: local('09:00'), end: local('17:00') }]);
  });

  it('openings that touch are one stretch', () => {
    expect(mondayIntervals([{ from: '12:00', to: '17:00' }, { from: '09:00', to: '12:00' }])).toEqual([{ start: local('09:00'), end: local('17:00') }]);
  });

  it('an opening inside another adds nothing and cuts nothing', () => {
    expect(mondayIntervals([{ from: '09:00', to: '17:00' }, { from: '10:00', to: '11:00' }])).toEqual([{ start: local('09:00'), end: local('17:00') }]);
    expect(mondayIntervals([{ from: '10:00', to: '11:00' }, { from: '09:00', to: '17:00' }])).toEqual([{ start: local('09:00'), end: local('17:00') }]);
  });

  it('openings apart stay apart, in the order of the day whatever order they are written in', () => {
    expect(mondayIntervals([{ from: '13:00', to: '17:00' }, { from: '08:00', to: '12:00' }, { from: '12:30', to: '12:45' }])).toEqual([
      { start: local('08:00'), end: local('12:00') },
      { start: local('12:30'), end: local('12:45') },
      { start: local('13:00'), end: local('17:00') },
    ]);
  });

  it('the length of a business day is the longest day’s openings added up', () => {
    const spec: CalendarSpec['hours'] = {
      ...closedWeek,
      mon: [{ from: '08:00', to: '12:00' }, { from: '13:00', to: '17:30' }], // 8 h 30
      tue: [{ from: '09:00', to: '17:00' }], // 8 h
      wed: [{ from: '09:00', to: '13:00' }, { from: '11:00', to: '14:00' }], // 5 h once merged
    };
    expect(createBusinessCalendar({ ...defaultCalendarSpec(), hours: spec }).businessDayMs).toBe(8 * H + 30 * MIN);
    expect(createBusinessCalendar({ ...defaultCalendarSpec(), hours: { ...closedWeek, sun: [{ from: '00:00', to: '24:00' }] } }).businessDayMs).toBe(24 * H);
    expect(createBusinessCalendar({ ...defaultCalendarSpec(), hours: { ...closedWeek, wed: spec.wed } }).businessDayMs).toBe(5 * H);
  });
});

describe('local times written HH:mm', () => {
  it('reads minutes up to 59 and 24:00 as the end of the day', () => {
    expect(mondayIntervals([{ from: '09:59', to: '10:01' }])).toEqual([{ start: local('09:59'), end: local('10:01') }]);
    expect(mondayIntervals([{ from: '00:00', to: '00:01' }, { from: '23:59', to: '24:00' }])).toEqual([
      { start: local('00:00'), end: local('00:01') },
      { start: local('23:59'), end: MONDAY.end },
    ]);
  });

  it.each([
    ['09:60', 'minutes past 59'],
    ['24:01', 'past the end of the day'],
    ['25:00', 'an hour past 24'],
    ['9:00', 'a one-digit hour'],
    ['09:0', 'a one-digit minute'],
    ['x09:00', 'text before the time'],
    ['09:00x', 'text after the time'],
    ['0900', 'no colon'],
    ['', 'nothing'],
  ])('refuses "%s" (%s), naming the field', (text) => {
    expect(() => mondays([{ from: '08:00', to: text }])).toThrow(
      `hours.mon[0].to: "${text}" is not a local time written HH:mm (24:00 allowed as an end)`,
    );
    expect(() => mondays([{ from: '08:00', to: '09:00' }, { from: text, to: '24:00' }])).toThrow(`hours.mon[1].from: "${text}"`);
  });

  it('refuses a time that is not text', () => {
    expect(() => mondays([{ from: 900 as unknown as string, to: '17:00' }])).toThrow('hours.mon[0].from: "900" is not a local time');
    // A list of one time reads as that time once made text; it is still not a time.
    expect(() => mondays([{ from: ['09:00'] as unknown as string, to: '17:00' }])).toThrow('hours.mon[0].from: "09:00" is not a local time');
    expect(() => mondays([{ to: '17:00' } as unknown as OpeningSpan])).toThrow('hours.mon[0].from: "undefined"');
    expect(() => mondays([null as unknown as OpeningSpan])).toThrow('hours.mon[0].from: "undefined"');
  });

  it('refuses an opening that does not end after it starts: 09:00-09:00, 17:00-09:00, 24:00-24:00', () => {
    expect(() => mondays([{ from: '09:00', to: '09:00' }])).toThrow('hours.mon[0]: opening 09:00-09:00 must end after it starts');
    expect(() => mondays([{ from: '17:00', to: '09:00' }])).toThrow('hours.mon[0]: opening 17:00-09:00 must end after it starts');
    expect(() => mondays([{ from: '24:00', to: '24:00' }])).toThrow('hours.mon[0]: opening 24:00-24:00 must end after it starts');
    expect(mondayIntervals([{ from: '09:00', to: '09:01' }])).toEqual([{ start: local('09:00'), end: local('09:01') }]);
  });
});

describe('the rest of a calendar spec, field by field', () => {
  const spec = (overrides: Record<string, unknown>) => ({ ...defaultCalendarSpec(), ...overrides }) as CalendarSpec;

  it.each([
    [{ timeZone: 'Mars/Olympus' }, 'timeZone: "Mars/Olympus" is not an IANA time zone such as America/Toronto'],
    [{ timeZone: 5 }, 'timeZone: "5" is not an IANA time zone'],
    // A list of one zone or one date, which luxon and the date pattern would read as its text.
    [{ timeZone: ['America/Toronto'] }, 'timeZone: "America/Toronto" is not an IANA time zone'],
    [{ extraClosures: [['2026-12-24']] }, 'extraClosures[0]: "2026-12-24" is not a date written YYYY-MM-DD'],
    [{ hours: { ...defaultCalendarSpec().hours, sat: undefined } }, "hours.sat: must be a list of openings such as {from: '09:00', to: '17:00'}"],
    [{ hours: undefined }, 'hours.mon: must be a list of openings'],
    [{ extraClosures: '2026-12-24' }, 'extraClosures: must be a list of dates written YYYY-MM-DD'],
    [{ extraClosures: ['2026-12-24', 20261225] }, 'extraClosures[1]: "20261225" is not a date written YYYY-MM-DD'],
    [{ removedHolidays: ['2026-13-01'] }, 'removedHolidays[0]: "2026-13-01" is not a date written YYYY-MM-DD'],
    [{ holidayTypes: 'public' }, 'holidayTypes: must be a list of date-holidays types such as "public"'],
    [{ holidayTypes: ['public', ''] }, 'holidayTypes: must be a list'],
    [{ holidayTypes: ['public', 7] }, 'holidayTypes: must be a list'],
    [{ holidayRegions: 'CA' }, 'holidayRegions: must be a list such as ["CA", "CA-QC"]'],
    [{ businessDayMs: 0 }, 'businessDayMs: 0 is not a positive duration'],
    [{ businessDayMs: -1 }, 'businessDayMs: -1 is not a positive duration'],
    [{ businessDayMs: Number.NaN }, 'businessDayMs: NaN is not a positive duration'],
    [{ businessDayMs: Number.POSITIVE_INFINITY }, 'businessDayMs: Infinity is not a positive duration'],
  ])('%o is refused', (overrides, message) => {
    expect(() => createBusinessCalendar(spec(overrides))).toThrow(message);
  });

  it('accepts the smallest positive business day and no holiday types at all', () => {
    expect(createBusinessCalendar(spec({ businessDayMs: 1 })).businessDayMs).toBe(1);
    expect(createBusinessCalendar(spec({ holidayTypes: [] })).businessMsBetween(at('2026-12-25T00:00:00-05:00'), at('2026-12-26T00:00:00-05:00'))).toBe(8 * H);
  });
});
