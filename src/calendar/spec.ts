// What a business calendar is made of (rule 2), as plain data the configuration produces.

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** One opening of a day, in local wall-clock time: 'HH:mm', `to` may be '24:00'; from < to. */
export interface OpeningSpan {
  from: string;
  to: string;
}

export interface CalendarSpec {
  /** 'default' or the configured name. */
  name: string;
  /** IANA zone; 'America/Toronto' by default. */
  timeZone: string;
  /** Openings per weekday; default mon–fri 09:00–17:00, sat/sun closed. */
  hours: Record<Weekday, OpeningSpan[]>;
  /** date-holidays regions, united: a country ('CA') or country-state ('CA-QC'). */
  holidayRegions: string[];
  /** date-holidays types that close the day; default ['public']. */
  holidayTypes: string[];
  /** 'YYYY-MM-DD' local dates closed in addition to the holidays. */
  extraClosures: string[];
  /** 'YYYY-MM-DD' holiday dates that stay business days. */
  removedHolidays: string[];
  /** Length of "a business day" for the rule-8 clocks; default: the longest weekday opening (8 h). */
  businessDayMs?: number;
}

/** Rule 2's calendar: Toronto, Monday–Friday 09:00–17:00, public holidays of Canada and Québec. */
export function defaultCalendarSpec(): CalendarSpec {
  const weekday = (): OpeningSpan[] => [{ from: '09:00', to: '17:00' }];
  return {
    name: 'default',
    timeZone: 'America/Toronto',
    hours: { mon: weekday(), tue: weekday(), wed: weekday(), thu: weekday(), fri: weekday(), sat: [], sun: [] },
    holidayRegions: ['CA', 'CA-QC'],
    holidayTypes: ['public'],
    extraClosures: [],
    removedHolidays: [],
  };
}
