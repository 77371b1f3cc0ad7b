import { createBusinessCalendar, type BusinessCalendar } from '../calendar/business-calendar.ts';
import type { Config, EnvironmentConfig } from './types.ts';

/** The configured calendars, built once: each caches its holidays and opening days. */
export interface Calendars {
  readonly default: BusinessCalendar;
  byName(name: string): BusinessCalendar;
  forEnvironment(environment: EnvironmentConfig): BusinessCalendar;
}

export function buildCalendars(config: Config): Calendars {
  const built = new Map(Object.entries(config.calendars).map(([name, spec]) => [name, createBusinessCalendar(spec)]));
  const byName = (name: string) => {
    const calendar = built.get(name);
    if (!calendar) throw new Error(`no calendar named "${name}"`);
    return calendar;
  };
  return { default: byName('default'), byName, forEnvironment: (environment) => byName(environment.calendar) };
}
