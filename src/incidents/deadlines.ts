// The support clocks of rule 8: when an incident's first response and resolution are due, and
// whether they were met. Business-time clocks run on the environment's calendar; priority IV's
// response is 24 hours of elapsed (calendar) time, and IV has no resolution deadline.
import type { BusinessCalendar } from '../calendar/business-calendar.ts';
import type { ClockSetting, Priority, PriorityClocks } from '../config/types.ts';

const MIN = 60_000;
const H = 60 * MIN;
const PRIORITIES: readonly Priority[] = ['I', 'II', 'III', 'IV'];

export type DeadlineClocks = Record<Priority, PriorityClocks>;

/** Rule 8's table; "a business day" is the calendar's businessDayMs (8 h by default). */
export function defaultDeadlineClocks(calendar: BusinessCalendar): DeadlineClocks {
  const day = calendar.businessDayMs;
  return {
    I: { response: { ms: 30 * MIN, clock: 'business' }, resolution: { ms: 4 * H, clock: 'business' } },
    II: { response: { ms: 60 * MIN, clock: 'business' }, resolution: { ms: 2 * day, clock: 'business' } },
    III: { response: { ms: 90 * MIN, clock: 'business' }, resolution: { ms: 10 * day, clock: 'business' } },
    IV: { response: { ms: 24 * H, clock: 'elapsed' }, resolution: null },
  };
}

export interface Deadlines {
  responseDueAt: number;
  /** null: no resolution deadline (priority IV by default). */
  resolutionDueAt: number | null;
}

export interface DeadlineInput {
  priority: Priority;
  openedAt: number;
  calendar: BusinessCalendar;
  /** Configured clocks per priority; priorities left out keep rule 8's defaults. */
  clocks?: Readonly<Partial<Record<Priority, PriorityClocks>>>;
}

export function computeDeadlines({ priority, openedAt, calendar, clocks }: DeadlineInput): Deadlines {
  if (!PRIORITIES.includes(priority)) throw new Error(`priority: "${String(priority)}" is not one of I, II, III, IV`);
  if (!Number.isFinite(openedAt)) throw new Error(`openedAt: ${openedAt} is not an instant`);
  const chosen = clocks?.[priority] ?? defaultDeadlineClocks(calendar)[priority];
  return {
    responseDueAt: dueAt(chosen.response, openedAt, calendar, `clocks.${priority}.response`),
    resolutionDueAt: chosen.resolution ? dueAt(chosen.resolution, openedAt, calendar, `clocks.${priority}.resolution`) : null,
  };
}

/** When a clock started at `openedAt` runs out. */
function dueAt(setting: ClockSetting, openedAt: number, calendar: BusinessCalendar, field: string): number {
  const ms = setting.ms ?? (setting.businessDays !== undefined ? setting.businessDays * calendar.businessDayMs : NaN);
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`${field}: needs a duration (ms) or a number of business days`);
  // Elapsed clocks ignore the calendar; business clocks start at the next opening and
  // are due at closing time when they run out exactly then.
  return setting.clock === 'elapsed' ? openedAt + ms : calendar.addBusinessMs(openedAt, ms);
}

export interface DeadlineStatusInput extends Deadlines {
  respondedAt: number | null;
  resolvedAt: number | null;
  now: number;
}

export interface DeadlineStatus {
  /** null while the clock runs. */
  responseMet: boolean | null;
  /** null while the clock runs; true once resolved when there is no deadline to miss. */
  resolutionMet: boolean | null;
  /** Due − now while running; due − the instant it stopped once stopped (negative: late). */
  responseLeftMs: number;
  /** As responseLeftMs; null without a resolution deadline. */
  resolutionLeftMs: number | null;
}

export function deadlineStatus({ responseDueAt, resolutionDueAt, respondedAt, resolvedAt, now }: DeadlineStatusInput): DeadlineStatus {
  return {
    responseMet: respondedAt === null ? null : respondedAt <= responseDueAt,
    resolutionMet: resolvedAt === null ? null : resolutionDueAt === null || resolvedAt <= resolutionDueAt,
    responseLeftMs: responseDueAt - (respondedAt ?? now),
    resolutionLeftMs: resolutionDueAt === null ? null : resolutionDueAt - (resolvedAt ?? now),
  };
}
