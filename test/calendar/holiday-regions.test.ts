// Which dates a calendar's holiday regions close, for region codes of one, two and three parts
// and for the holidays date-holidays reports as lasting several days or part of one.
import { describe, expect, it } from 'vitest';
import { createClosedDates } from '../../src/calendar/holidays.ts';
import { defaultCalendarSpec } from '../../src/calendar/spec.ts';

const closedIn = (year: number, holidayRegions: string[], holidayTypes = ['public']) =>
  [...createClosedDates({ ...defaultCalendarSpec(), holidayRegions, holidayTypes }).ofYear(year)].sort();

describe('region codes: country, country-state, country-state-region', () => {
  it('a three-part code adds the holidays of that region: Augsburg’s Peace Festival (August 8)', () => {
    expect(closedIn(2026, ['DE-BY-A'])).toContain('2026-08-08');
    expect(closedIn(2026, ['DE-BY'])).not.toContain('2026-08-08');
    // The state's own holidays stay: Epiphany and Corpus Christi in Bavaria.
    expect(closedIn(2026, ['DE-BY-A'])).toEqual(expect.arrayContaining(['2026-01-06', '2026-06-04']));
    expect(closedIn(2026, ['DE'])).not.toContain('2026-01-06');
  });

  it.each([
    ['CA-ZZ', 'an unknown state'],
    ['ZZ-QC', 'an unknown country'],
    ['DE-BY-ZZ', 'an unknown region of a known state'],
    ['DE-ZZ-A', 'a region under an unknown state'],
    ['CA-QC-MTL-X', 'four parts'],
    ['DE-BY-A-X', 'four parts after a known region'],
    ['', 'nothing'],
    ['-QC', 'a state without its country'],
  ])('refuses "%s" (%s), naming the field and the forms', (code) => {
    expect(() => createClosedDates({ ...defaultCalendarSpec(), holidayRegions: [code] })).toThrow(
      `holidayRegions: "${code}" is not a date-holidays region; write a country (CA) or country-state (CA-QC)`,
    );
  });

  it('refuses a bad code among good ones', () => {
    expect(() => createClosedDates({ ...defaultCalendarSpec(), holidayRegions: ['CA', 'CA-ZZ'] })).toThrow(/"CA-ZZ"/);
  });
});

describe('holidays that do not last exactly one day', () => {
  it('a holiday of several days closes each of its dates: New Year (2 days) and the Christmas holidays (3) in Armenia', () => {
    expect(closedIn(2026, ['AM']).filter((date) => date < '2026-01-10')).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-01-03',
      '2026-01-04',
      '2026-01-05',
      '2026-01-06',
    ]);
  });

  it('a holiday of several days closes its dates and not the day after: Independence Day in Gabon (August 16 and 17)', () => {
    expect(closedIn(2026, ['GA'])).toEqual([
      '2026-01-01', '2026-03-20', '2026-04-06', '2026-04-17', '2026-05-01', '2026-05-25',
      '2026-05-27', '2026-08-15', '2026-08-16', '2026-08-17', '2026-11-01', '2026-12-25',
    ]);
  });

  it('a holiday of part of a day closes that whole day: Christmas Eve from noon in Guatemala', () => {
    expect(closedIn(2026, ['GT'])).toEqual(expect.arrayContaining(['2026-12-24', '2026-12-31']));
    expect(closedIn(2026, ['GT'])).not.toContain('2026-12-23');
  });
});

describe('one year at a time', () => {
  it('each year gets its own dates, also when asked for again', () => {
    const closed = createClosedDates({ ...defaultCalendarSpec(), extraClosures: ['2027-03-02', '2026-03-02'] });
    expect(closed.ofYear(2027)).toContain('2027-03-02');
    expect(closed.ofYear(2027)).not.toContain('2026-03-02');
    expect(closed.ofYear(2027)).toContain('2027-01-01');
    expect(closed.ofYear(2026)).toContain('2026-03-02');
    expect(closed.ofYear(2026)).not.toContain('2027-03-02');
    expect(closed.ofYear(2026)).toBe(closed.ofYear(2026));
  });

  it('an extra closure belongs to the year written in its four digits, also before the year 1000', () => {
    const closed = createClosedDates({ ...defaultCalendarSpec(), holidayRegions: [], extraClosures: ['0999-03-02', '1999-03-03'] });
    expect([...closed.ofYear(999)]).toEqual(['0999-03-02']);
    expect([...closed.ofYear(1999)]).toEqual(['1999-03-03']);
  });

  it('holidays of other types close nothing unless configured', () => {
    expect(closedIn(2026, ['DE-BY'])).not.toContain('2026-12-24');
    expect(closedIn(2026, ['DE-BY'], ['public', 'bank'])).toContain('2026-12-24');
  });
});
