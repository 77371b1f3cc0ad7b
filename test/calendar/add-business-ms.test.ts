import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createBusinessCalendar } from '../../src/calendar/business-calendar.ts';
import { defaultCalendarSpec, type CalendarSpec } from '../../src/calendar/spec.ts';
import { perTest } from '../support/per-test.ts';

const H = 3_600_000;
const MIN = 60_000;
const at = (iso: string): number => Date.parse(iso);
const toronto = perTest(() => createBusinessCalendar(defaultCalendarSpec()));
const due = (from: string, ms: number) => toronto.addBusinessMs(at(from), ms);

describe('addBusinessMs: the earliest instant at which that much business time has elapsed', () => {
  it('runs inside one opening', () => {
    expect(due('2026-11-03T10:00:00-05:00', 90 * MIN)).toBe(at('2026-11-03T11:30:00-05:00'));
  });

  it('carries over a weekend: Friday 16:45 + 30 min is Monday 09:15', () => {
    expect(due('2026-11-06T16:45:00-05:00', 30 * MIN)).toBe(at('2026-11-09T09:15:00-05:00'));
  });

  it('a clock that runs out exactly at closing time is due at closing time', () => {
    expect(due('2026-11-09T16:00:00-05:00', 60 * MIN)).toBe(at('2026-11-09T17:00:00-05:00'));
    expect(due('2026-11-06T09:00:00-05:00', 8 * H)).toBe(at('2026-11-06T17:00:00-05:00'));
  });

  it('a clock started outside business hours starts at the next opening', () => {
    expect(due('2026-11-07T10:00:00-05:00', 30 * MIN)).toBe(at('2026-11-09T09:30:00-05:00')); // Saturday
    expect(due('2026-11-03T18:30:00-05:00', 30 * MIN)).toBe(at('2026-11-04T09:30:00-05:00')); // evening
    expect(due('2026-11-04T07:00:00-05:00', 30 * MIN)).toBe(at('2026-11-04T09:30:00-05:00')); // early morning
    expect(due('2026-11-06T17:00:00-05:00', 1)).toBe(at('2026-11-09T09:00:00.001-05:00')); // at closing
  });

  it('skips holidays: Christmas Eve 16:30 + 1 h is Monday December 28, 09:30', () => {
    expect(due('2026-12-24T16:30:00-05:00', H)).toBe(at('2026-12-28T09:30:00-05:00'));
  });

  it('skips Good Friday but not Easter Monday', () => {
    expect(due('2026-04-02T16:00:00-04:00', 2 * H)).toBe(at('2026-04-06T10:00:00-04:00'));
  });

  it('crosses DST weekends in local time', () => {
    expect(due('2026-03-06T16:00:00-05:00', 2 * H)).toBe(at('2026-03-09T10:00:00-04:00'));
    expect(due('2026-10-30T16:00:00-04:00', 2 * H)).toBe(at('2026-11-02T10:00:00-05:00'));
  });

  it('crosses a year end', () => {
    expect(due('2026-12-31T16:00:00-05:00', 2 * H)).toBe(at('2027-01-04T10:00:00-05:00'));
  });

  it('runs over many days and agrees with businessMsBetween', () => {
    const start = at('2026-11-03T10:00:00-05:00');
    const end = toronto.addBusinessMs(start, 10 * 8 * H);
    expect(end).toBe(at('2026-11-17T10:00:00-05:00'));
    expect(toronto.businessMsBetween(start, end)).toBe(80 * H);
    const long = toronto.addBusinessMs(start, 600 * 8 * H);
    expect(toronto.businessMsBetween(start, long)).toBe(600 * 8 * H);
  });

  it('zero business time is due at once; a negative amount is an error', () => {
    expect(due('2026-11-07T10:00:00-05:00', 0)).toBe(at('2026-11-07T10:00:00-05:00'));
    expect(() => due('2026-11-07T10:00:00-05:00', -1)).toThrow(/ms: -1/);
  });

  it('a calendar that never opens is a clear error, not an endless search', () => {
    const closed: CalendarSpec = { ...defaultCalendarSpec(), name: 'never', hours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } };
    const never = createBusinessCalendar({ ...closed, businessDayMs: 8 * H });
    expect(() => never.addBusinessMs(at('2026-11-02T10:00:00-05:00'), MIN)).toThrow(/calendar "never" has no business hours/);
    expect(createBusinessCalendar(closed).businessDayMs).toBe(0);
  });
});

describe('addBusinessMs inverts businessMsBetween', () => {
  it('for random starts and amounts, exactly `ms` has elapsed at the due time and not one ms before', () => {
    const from = at('2025-12-01T00:00:00-05:00');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * 24 * 60 }), fc.integer({ min: 1, max: 30 * 8 * 60 }), (startMin, amountMin) => {
        const start = from + startMin * MIN;
        const dueAt = toronto.addBusinessMs(start, amountMin * MIN);
        expect(toronto.businessMsBetween(start, dueAt)).toBe(amountMin * MIN);
        expect(toronto.businessMsBetween(start, dueAt - 1)).toBe(amountMin * MIN - 1);
        expect(toronto.isBusinessInstant(dueAt - 1)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('addBusinessMs refuses absurd input instead of searching for ever', () => {
  it('an amount beyond decades of business time, or an instant outside the Date range, is an error', () => {
    expect(() => toronto.addBusinessMs(at('2026-11-02T10:00:00-05:00'), 1e15)).toThrow(/ms: 1000000000000000 is more business time than 50 years hold/);
    expect(() => toronto.addBusinessMs(9e15, MIN)).toThrow(/start: 9000000000000000 is not an instant/);
    expect(() => toronto.businessMsBetween(Number.NaN, 0)).toThrow(/a: NaN/);
  });
});
