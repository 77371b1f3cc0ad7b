// Rule 8's clocks computed independently of veille: walk the calendar's openings from the
// opening instant, spending business time until the amount is used up.
import { openings, type RuleCalendar } from './rule-calendar.ts';

export type Priority = 'I' | 'II' | 'III' | 'IV';

const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;

/**
 * The earliest instant at which `ms` of business time has elapsed since `start`: a clock
 * started outside business hours starts at the next opening; one that runs out exactly at
 * closing time is due at closing time (not at the next opening).
 */
export function addBusiness(calendar: RuleCalendar, start: number, ms: number): number {
  if (ms === 0) return start;
  let remaining = ms;
  // A few weeks at a time: enough for 10 business days over any holiday season.
  for (let from = start; from < start + 400 * DAY; from += 21 * DAY) {
    for (const [open, close] of openings(calendar, from, from + 21 * DAY)) {
      const s = Math.max(open, start, from);
      if (close <= s || open >= from + 21 * DAY) continue;
      const available = Math.min(close, from + 21 * DAY) - s;
      if (remaining <= available) return s + remaining;
      remaining -= available;
    }
  }
  throw new Error('no deadline within 400 days');
}

/** Rule 8's table: response I 30 min, II 60, III 90 (business); IV 24 h elapsed. Resolution I 4 h, II 2 days, III 10 days; IV none. */
export function expectedDeadlines(calendar: RuleCalendar, priority: Priority, openedAt: number): { responseDueAt: number; resolutionDueAt: number | null } {
  const day = calendar.businessDayMs;
  switch (priority) {
    case 'I':
      return { responseDueAt: addBusiness(calendar, openedAt, 30 * MIN), resolutionDueAt: addBusiness(calendar, openedAt, 4 * H) };
    case 'II':
      return { responseDueAt: addBusiness(calendar, openedAt, 60 * MIN), resolutionDueAt: addBusiness(calendar, openedAt, 2 * day) };
    case 'III':
      return { responseDueAt: addBusiness(calendar, openedAt, 90 * MIN), resolutionDueAt: addBusiness(calendar, openedAt, 10 * day) };
    case 'IV':
      return { responseDueAt: openedAt + 24 * H, resolutionDueAt: null };
  }
}
