import { describe, expect, it } from 'vitest';
import { createClosedDates } from '../../src/calendar/holidays.ts';
import { defaultCalendarSpec } from '../../src/calendar/spec.ts';

const closedIn = (year: number, overrides: Partial<ReturnType<typeof defaultCalendarSpec>> = {}) =>
  [...createClosedDates({ ...defaultCalendarSpec(), ...overrides }).ofYear(year)].sort();

describe('default holidays: date-holidays type public, CA ∪ CA-QC (rule 2)', () => {
  it('2026 closes exactly the eight dates the rules list', () => {
    expect(closedIn(2026)).toEqual([
      '2026-01-01', // New Year's Day
      '2026-04-03', // Good Friday: public in CA
      '2026-05-18', // Journée nationale des patriotes: public in QC only
      '2026-06-24', // Fête nationale (Saint-Jean-Baptiste): public in QC only
      '2026-07-01', // Canada Day
      '2026-09-07', // Labour Day
      '2026-10-12', // Thanksgiving: public in QC (date-holidays' CA list lacks it)
      '2026-12-25', // Christmas Day
    ]);
  });

  it('leaves Easter Monday (optional in QC) and Remembrance Day open', () => {
    expect(closedIn(2026)).not.toContain('2026-04-06');
    expect(closedIn(2026)).not.toContain('2026-11-11');
  });

  it('adds Easter Monday when optional holidays are configured too', () => {
    expect(closedIn(2026, { holidayTypes: ['public', 'optional'] })).toContain('2026-04-06');
  });

  it('takes holidays as date-holidays reports them: no substitute weekday for one on a weekend', () => {
    // Christmas 2027 and New Year 2022 fall on a Saturday; date-holidays reports no substitute Monday.
    expect(closedIn(2027)).toContain('2027-12-25');
    expect(closedIn(2027)).not.toContain('2027-12-27');
    expect(closedIn(2022)).toContain('2022-01-01');
    expect(closedIn(2022)).not.toContain('2022-01-03');
  });

  it('CA alone lacks the Québec holidays', () => {
    expect(closedIn(2026, { holidayRegions: ['CA'] })).toEqual(['2026-01-01', '2026-04-03', '2026-07-01', '2026-09-07', '2026-12-25']);
  });
});

describe('configured closures', () => {
  it('extra closures are added and removed holidays stay open', () => {
    const closed = closedIn(2026, { extraClosures: ['2026-12-24', '2027-01-02'], removedHolidays: ['2026-04-03'] });
    expect(closed).toContain('2026-12-24');
    expect(closed).not.toContain('2027-01-02');
    expect(closed).not.toContain('2026-04-03');
    expect(closedIn(2027, { extraClosures: ['2027-01-02'] })).toContain('2027-01-02');
  });

  it('no regions means no holidays, only extra closures', () => {
    expect(closedIn(2026, { holidayRegions: [], extraClosures: ['2026-03-02'] })).toEqual(['2026-03-02']);
  });

  it('an unknown region is a clear error naming the field', () => {
    expect(() => createClosedDates({ ...defaultCalendarSpec(), holidayRegions: ['CA-ZZ'] })).toThrow(/holidayRegions: "CA-ZZ"/);
    expect(() => createClosedDates({ ...defaultCalendarSpec(), holidayRegions: ['XX'] })).toThrow(/holidayRegions: "XX"/);
  });
});
