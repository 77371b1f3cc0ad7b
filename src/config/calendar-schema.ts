import { z } from 'zod';
import Holidays from 'date-holidays';
import { defaultCalendarSpec, type CalendarSpec, type OpeningSpan, type Weekday } from '../calendar/spec.ts';
import { durationField, localDateField } from './fields.ts';

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const openingSpan = z.string().transform((text, ctx): OpeningSpan => {
  const match = /^(\d{2}):(\d{2})\s*-\s*(\d{2}):(\d{2})$/.exec(text.trim());
  const from = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  const to = match ? Number(match[3]) * 60 + Number(match[4]) : NaN;
  if (!match || Number(match[2]) > 59 || Number(match[4]) > 59 || from >= to || to > 24 * 60) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not an opening such as 09:00-17:00 (24:00 allowed as an end)` });
    return z.NEVER;
  }
  return { from: `${match[1]}:${match[2]}`, to: `${match[3]}:${match[4]}` };
});

/** A day's hours: "09:00-17:00", a list of such spans, or "closed" / []. */
const dayHours = z.union([z.literal('closed'), openingSpan, z.array(openingSpan)]).transform((value, ctx) => {
  if (value === 'closed') return [];
  const spans = Array.isArray(value) ? [...value].sort((a, b) => a.from.localeCompare(b.from)) : [value];
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]!.from < spans[i - 1]!.to) {
      ctx.addIssue({ code: 'custom', message: `openings ${spans[i - 1]!.from}-${spans[i - 1]!.to} and ${spans[i]!.from}-${spans[i]!.to} overlap` });
      return z.NEVER;
    }
  }
  return spans;
});

const holidayRegion = z.string().refine(isKnownRegion, {
  message: 'is not a date-holidays region; write a country (CA) or country-state (CA-QC)',
});

function isKnownRegion(code: string): boolean {
  const [country, state, ...rest] = code.split('-');
  if (!country || rest.length > 0) return false;
  const holidays = new Holidays();
  const countries = holidays.getCountries() as Record<string, string> | undefined;
  if (!countries || !(country in countries)) return false;
  if (!state) return true;
  const states = holidays.getStates(country) as Record<string, string> | undefined;
  return Boolean(states && state in states);
}

const HOLIDAY_TYPES = ['public', 'bank', 'school', 'optional', 'observance'] as const;

export const calendarSchema = z
  .strictObject({
    timeZone: z.string().refine(isValidZone, { message: 'is not an IANA time zone such as America/Toronto' }).optional(),
    hours: z.strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, dayHours.optional()])) as Record<Weekday, z.ZodOptional<typeof dayHours>>).optional(),
    holidays: z
      .strictObject({
        regions: z.array(holidayRegion).optional(),
        types: z.array(z.enum(HOLIDAY_TYPES)).optional(),
      })
      .optional(),
    extraClosures: z.array(localDateField).optional(),
    removedHolidays: z.array(localDateField).optional(),
    // "A business day" for the support clocks: some part of one day.
    businessDay: durationField.pipe(z.number().min(1, 'must be from 1ms to 24h').max(86_400_000, 'must be from 1ms to 24h')).optional(),
  })
  // Without any opening, business time never elapses: no support deadline could ever be
  // computed (rule 8), and the prober could not open incidents nor write its results.
  .refine((raw) => WEEKDAYS.some((day) => (raw.hours?.[day] ?? defaultCalendarSpec().hours[day]).length > 0), {
    path: ['hours'],
    message: 'closed every day of the week: business time could never elapse; open at least one day',
  })
  .optional();

export type CalendarYaml = z.output<typeof calendarSchema>;

/** Fills a configured calendar from rule 2's defaults: unspecified days keep the default hours. */
export function toCalendarSpec(name: string, raw: CalendarYaml): CalendarSpec {
  const base = defaultCalendarSpec();
  const hours = { ...base.hours };
  for (const day of WEEKDAYS) {
    const configured = raw?.hours?.[day];
    if (configured) hours[day] = configured;
  }
  return {
    ...base,
    name,
    timeZone: raw?.timeZone ?? base.timeZone,
    hours,
    holidayRegions: raw?.holidays?.regions ?? base.holidayRegions,
    holidayTypes: raw?.holidays?.types ?? base.holidayTypes,
    extraClosures: raw?.extraClosures ?? [],
    removedHolidays: raw?.removedHolidays ?? [],
    ...(raw?.businessDay !== undefined ? { businessDayMs: raw.businessDay } : {}),
  };
}

function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
