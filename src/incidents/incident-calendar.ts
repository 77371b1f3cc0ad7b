import type { BusinessCalendar } from '../calendar/business-calendar.ts';
import type { Calendars } from '../config/calendars.ts';
import type { Config, Priority } from '../config/types.ts';
import { computeDeadlines, type Deadlines } from './deadlines.ts';

/**
 * The calendar an incident's clocks run on (rule 2, last point): its first environment's,
 * or the default one when it names none.
 */
export function calendarNameFor(config: Config, environmentIds: readonly string[]): string {
  const first = environmentIds[0];
  return config.environments.find((environment) => environment.id === first)?.calendar ?? 'default';
}

/** A calendar by the name stored with the incident; the default if the configuration dropped it. */
export function calendarNamed(calendars: Calendars, name: string): BusinessCalendar {
  try {
    return calendars.byName(name);
  } catch {
    return calendars.default;
  }
}

/** Rule 8's deadlines from the opening instant, with the configured clocks. */
export function incidentDeadlines(
  deps: { config: Config; calendars: Calendars },
  input: { priority: Priority; openedAt: number; calendar: string },
): Deadlines {
  return computeDeadlines({
    priority: input.priority,
    openedAt: input.openedAt,
    calendar: calendarNamed(deps.calendars, input.calendar),
    clocks: deps.config.incidentClocks,
  });
}
