import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../src/calendar/business-calendar.ts';
import { createClosedDates } from '../../src/calendar/holidays.ts';
import { defaultCalendarSpec, type CalendarSpec } from '../../src/calendar/spec.ts';

// The default calendar's holidays (rule 2: the public holidays of Canada and of Québec, with the
// policy's decision that Good Friday is the Easter holiday and Easter Monday is `optional`),
// checked for every year 2025–2040 against dates computed here from the statutes' own words,
// without date-holidays:
//   Loi sur les normes du travail (RLRQ c. N-1.1), art. 60: 1° le 1er janvier; 2° le Vendredi
//     saint ou le lundi de Pâques, au choix de l'employeur; 3° le lundi qui précède le 25 mai;
//     4° le 1er juillet ou, si cette date tombe un dimanche, le 2 juillet; 5° le 1er lundi de
//     septembre; 6° le deuxième lundi d'octobre; 7° le 25 décembre.
//   Loi sur la fête nationale (RLRQ c. F-1.1), art. 2: le 24 juin est un jour férié et chômé;
//     lorsqu'il tombe un dimanche, le 25 juin est chômé pour le salarié pour qui le dimanche
//     n'est pas normalement un jour ouvrable.
//   Holidays Act (R.S.C. 1985, c. H-5), s. 2: July 1, not being a Sunday, is Canada Day; when
//     July 1 is a Sunday, July 2 is.

const YEARS = Array.from({ length: 16 }, (_, k) => 2025 + k);

function closedIn(year: number, overrides: Partial<CalendarSpec> = {}): string[] {
  return [...createClosedDates({ ...defaultCalendarSpec(), ...overrides }).ofYear(year)].sort();
}

const iso = (year: number, month: number, day: number) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
/** 0 = Sunday … 6 = Saturday, of a civil date. */
const weekday = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day)).getUTCDay();
const isSunday = (year: number, month: number, day: number) => weekday(year, month, day) === 0;

/** Easter Sunday of the Gregorian calendar (the anonymous algorithm of 1876, Meeus's form). */
function easter(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

function shift(year: number, month: number, day: number, days: number): string {
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The n-th Monday of a month (1-based). */
function nthMonday(year: number, month: number, n: number): string {
  const first = (8 - weekday(year, month, 1)) % 7 + 1; // day of the first Monday
  return iso(year, month, first + 7 * (n - 1));
}

/** "le lundi qui précède le 25 mai": the last Monday strictly before May 25. */
function mondayBeforeMay25(year: number): string {
  const back = (weekday(year, 5, 25) + 6) % 7 || 7;
  return iso(year, 5, 25 - back);
}

const RULES = {
  newYear: (y: number) => [iso(y, 1, 1)],
  goodFriday: (y: number) => {
    const e = easter(y);
    return [shift(y, e.month, e.day, -2)];
  },
  patriotes: (y: number) => [mondayBeforeMay25(y)],
  feteNationale: (y: number) => (isSunday(y, 6, 24) ? [iso(y, 6, 24), iso(y, 6, 25)] : [iso(y, 6, 24)]),
  canadaDay: (y: number) => [isSunday(y, 7, 1) ? iso(y, 7, 2) : iso(y, 7, 1)],
  labourDay: (y: number) => [nthMonday(y, 9, 1)],
  thanksgiving: (y: number) => [nthMonday(y, 10, 2)],
  christmas: (y: number) => [iso(y, 12, 25)],
};

const statutory = (year: number) => Object.values(RULES).flatMap((rule) => rule(year)).sort();

describe('the default calendar closes exactly the statutory holidays, 2025–2040', () => {
  it.each(YEARS)('%i', (year) => {
    expect(closedIn(year)).toEqual(statutory(year));
  });
});

describe('each rule, every year 2025–2040', () => {
  const each = (rule: keyof typeof RULES) => {
    for (const year of YEARS) for (const date of RULES[rule](year)) expect(closedIn(year), `${rule} ${year}`).toContain(date);
  };

  it('LNT art. 60 1°: 1 January', () => each('newYear'));
  it('LNT art. 60 2°: Good Friday (the policy takes Good Friday as the employer’s choice)', () => each('goodFriday'));
  it('LNT art. 60 3°: the Monday preceding 25 May (Journée nationale des patriotes)', () => {
    each('patriotes');
    // 25 May 2026 is itself a Monday: the Monday that precedes it is the 18th.
    expect(closedIn(2026)).toContain('2026-05-18');
    expect(closedIn(2026)).not.toContain('2026-05-25');
  });
  it('Loi sur la fête nationale art. 2: 24 June, and 25 June when the 24th is a Sunday', () => {
    each('feteNationale');
    // 24 June 2029, 2035 and 2040 are Sundays; date-holidays gives no 25 June.
    for (const year of [2029, 2035, 2040]) expect(closedIn(year)).toContain(`${year}-06-25`);
  });
  it('Loi sur la fête nationale art. 2: a calendar open on Sundays keeps 24 June and works on the 25th', () => {
    const sundays = { ...defaultCalendarSpec().hours, sun: [{ from: '10:00', to: '14:00' }] };
    expect(closedIn(2029, { hours: sundays })).toContain('2029-06-24');
    expect(closedIn(2029, { hours: sundays })).not.toContain('2029-06-25');
  });
  it('LNT art. 60 4° and Holidays Act s. 2: 1 July, or 2 July when the 1st is a Sunday', () => {
    each('canadaDay');
    for (const year of [2029, 2035, 2040]) {
      expect(closedIn(year)).toContain(`${year}-07-02`);
      // That Sunday is an ordinary Sunday: a calendar open on Sundays works on it.
      expect(closedIn(year)).not.toContain(`${year}-07-01`);
    }
  });
  it('LNT art. 60 5°: the first Monday of September', () => each('labourDay'));
  it('LNT art. 60 6°: the second Monday of October', () => {
    each('thanksgiving');
    // 1 October 2029 is a Monday: the second Monday is the 8th.
    expect(closedIn(2029)).toContain('2029-10-08');
  });
  it('LNT art. 60 7°: 25 December', () => each('christmas'));
});

describe('what the statutes do not create stays a business day', () => {
  it('no weekday substitute for 1 January or 25 December on a weekend', () => {
    // 25 Dec 2027 and 1 Jan 2028 are Saturdays; 25 Dec 2033 and 1 Jan 2034 are Sundays.
    for (const date of ['2027-12-27', '2028-01-03', '2033-12-26', '2034-01-02']) expect(closedIn(Number(date.slice(0, 4)))).not.toContain(date);
  });

  it('Easter Monday only when `optional` holidays are configured (the employer chose Good Friday)', () => {
    for (const year of YEARS) {
      const e = easter(year);
      const monday = shift(year, e.month, e.day, 1);
      expect(closedIn(year)).not.toContain(monday);
      expect(closedIn(year, { holidayTypes: ['public', 'optional'] })).toContain(monday);
    }
  });
});

describe('whose holidays the statutes move', () => {
  // 1 July and 24 June 2029 are Sundays.
  it('Holidays Act s. 2 is federal: Canada alone, or one province, or Canada beside another country, moves 1 July to the 2nd', () => {
    for (const holidayRegions of [['CA'], ['CA-ON'], ['CA', 'US']]) {
      expect(closedIn(2029, { holidayRegions }), holidayRegions.join()).toContain('2029-07-02');
      expect(closedIn(2029, { holidayRegions }), holidayRegions.join()).not.toContain('2029-07-01');
    }
    expect(closedIn(2029, { holidayRegions: ['CA', 'US'] })).toContain('2029-07-04');
  });

  it('a 1 July holiday of another country stays on its Sunday: Independence Day in Rwanda', () => {
    expect(closedIn(2029, { holidayRegions: ['RW'] })).toContain('2029-07-01');
    expect(closedIn(2029, { holidayRegions: ['RW'] })).not.toContain('2029-07-02');
  });

  it('Loi sur la fête nationale art. 2 is Québec’s: a 24 June holiday elsewhere gives no 25 June', () => {
    // Jaanipäev in Estonia; Discovery Day in Newfoundland and Labrador (date-holidays: optional).
    expect(closedIn(2029, { holidayRegions: ['EE'] })).toContain('2029-06-24');
    expect(closedIn(2029, { holidayRegions: ['EE'] })).not.toContain('2029-06-25');
    const newfoundland = closedIn(2029, { holidayRegions: ['CA-NL'], holidayTypes: ['public', 'optional'] });
    expect(newfoundland).toContain('2029-06-24');
    expect(newfoundland).not.toContain('2029-06-25');
  });

  it('a calendar without those holidays gets no day after them: the United States keep 25 June and 2 July 2029 as business days', () => {
    expect(closedIn(2029, { holidayRegions: ['US'] })).not.toContain('2029-06-25');
    expect(closedIn(2029, { holidayRegions: ['US'] })).not.toContain('2029-07-02');
  });
});

describe('the business calendar', () => {
  const toronto = createBusinessCalendar(defaultCalendarSpec());
  it('has no business time on 25 June and 2 July 2029, and the usual day on 3 July', () => {
    expect(toronto.businessMsBetween(Date.parse('2029-06-25T00:00:00-04:00'), Date.parse('2029-06-26T00:00:00-04:00'))).toBe(0);
    expect(toronto.businessMsBetween(Date.parse('2029-07-02T00:00:00-04:00'), Date.parse('2029-07-03T00:00:00-04:00'))).toBe(0);
    expect(toronto.businessMsBetween(Date.parse('2029-07-03T00:00:00-04:00'), Date.parse('2029-07-04T00:00:00-04:00'))).toBe(8 * 3_600_000);
  });

  it('removedHolidays can still give a moved holiday back as a business day', () => {
    expect(closedIn(2029, { removedHolidays: ['2029-07-02'] })).not.toContain('2029-07-02');
  });
});
