// Where the statutes move a holiday off a Sunday and date-holidays does not. The default
// calendar's holidays come from date-holidays (rule 2); checked against the statutes for
// 2025–2040, it differs only on these two rules:
//   - Canada Day: "July 1, not being a Sunday"; when July 1 is a Sunday, July 2 is the holiday
//     (Holidays Act, R.S.C. 1985, c. H-5, s. 2; Loi sur les normes du travail, art. 60 4°).
//     date-holidays keeps July 1. The Sunday is then an ordinary Sunday.
//   - Fête nationale: when June 24 is a Sunday, June 25 is a day off for whoever does not
//     normally work on Sundays (Loi sur la fête nationale, art. 2). date-holidays gives no
//     June 25. It applies to a calendar closed on Sundays; one open on Sundays keeps June 24.
// No other weekend holiday moves: the statutes create no substitute for January 1 or
// December 25 on a weekend, so the following Monday stays a business day.

import { yearDigits } from './local-days.ts';

/** Applies the statutes' moves to one year's closed dates ('YYYY-MM-DD'), in place. */
export function applyStatutoryMoves(closed: Set<string>, year: number, input: { regions: readonly string[]; openOnSundays: boolean }): void {
  const y = yearDigits(year);
  const canadian = input.regions.some((region) => region === 'CA' || region.startsWith('CA-'));
  if (canadian && closed.has(`${y}-07-01`) && isSunday(year, 7, 1)) {
    closed.delete(`${y}-07-01`);
    closed.add(`${y}-07-02`);
  }
  // date-holidays knows no region under a Canadian province, so 'CA-QC' is Québec's only code.
  const quebec = input.regions.includes('CA-QC');
  if (quebec && closed.has(`${y}-06-24`) && isSunday(year, 6, 24) && !input.openOnSundays) closed.add(`${y}-06-25`);
}

function isSunday(year: number, month: number, day: number): boolean {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCDay() === 0;
}
