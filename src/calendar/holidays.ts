// Which local dates a calendar closes: the date-holidays holidays of its regions (united,
// filtered by type), moved where the statutes move them (statutory-moves.ts), plus its extra
// closures, minus its removed holidays.
import Holidays, { type HolidaysTypes } from 'date-holidays';
import { yearDigits } from './local-days.ts';
import type { CalendarSpec } from './spec.ts';
import { applyStatutoryMoves } from './statutory-moves.ts';

const DAY_MS = 86_400_000;

export interface ClosedDates {
  /** The closed local dates ('YYYY-MM-DD') of one year; computed once per year and kept. */
  ofYear(year: number): ReadonlySet<string>;
}

/** The closures of one calendar. The per-year cache lives in the returned object, not the module. */
export function createClosedDates(spec: Pick<CalendarSpec, 'holidayRegions' | 'holidayTypes' | 'extraClosures' | 'removedHolidays' | 'hours'>): ClosedDates {
  const sources = spec.holidayRegions.map(holidaySource);
  const types = new Set(spec.holidayTypes);
  const extra = new Set(spec.extraClosures);
  const removed = new Set(spec.removedHolidays);
  const byYear = new Map<number, ReadonlySet<string>>();

  function compute(year: number): ReadonlySet<string> {
    const closed = new Set<string>();
    for (const source of sources) {
      for (const holiday of source.getHolidays(year)) {
        if (!types.has(holiday.type)) continue;
        for (const date of holidayDates(holiday)) closed.add(date);
      }
    }
    applyStatutoryMoves(closed, year, { regions: spec.holidayRegions, openOnSundays: spec.hours.sun.length > 0 });
    for (const date of removed) closed.delete(date);
    const prefix = `${yearDigits(year)}-`;
    for (const date of extra) if (date.startsWith(prefix)) closed.add(date);
    return closed;
  }

  return {
    ofYear(year) {
      let closed = byYear.get(year);
      if (!closed) {
        closed = compute(year);
        byYear.set(year, closed);
      }
      return closed;
    },
  };
}

/** 'CA' or 'CA-QC' (or 'CC-ST-RE') → a date-holidays instance; unknown codes are a clear error. */
function holidaySource(code: string): Holidays {
  const [country, state, region, ...rest] = code.split('-');
  const known = new Holidays();
  const countries = (known.getCountries() ?? {}) as Record<string, string>;
  const states = country && country in countries ? ((known.getStates(country) ?? {}) as Record<string, string>) : {};
  const regions = country && state && state in states ? ((known.getRegions(country, state) ?? {}) as Record<string, string>) : {};
  if (!country || !(country in countries) || rest.length > 0 || (state && !(state in states)) || (region && !(region in regions))) {
    throw new Error(`holidayRegions: "${code}" is not a date-holidays region; write a country (CA) or country-state (CA-QC)`);
  }
  return new Holidays(country, state!, region!); // date-holidays takes a missing state or region as none
}

/**
 * The local dates a holiday covers. `date` is date-holidays' local wall-clock start; its
 * `start`/`end` instants only give the length (several-day holidays exist in some regions).
 * A holiday that lasts part of a day closes that whole day.
 */
function holidayDates(holiday: HolidaysTypes.Holiday): string[] {
  const first = holiday.date.slice(0, 10);
  const days = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / DAY_MS));
  const out: string[] = [];
  const base = Date.parse(`${first}T00:00:00Z`);
  for (let k = 0; k < days; k++) out.push(new Date(base + k * DAY_MS).toISOString().slice(0, 10));
  return out;
}
