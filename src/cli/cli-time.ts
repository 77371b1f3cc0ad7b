import { existsSync } from 'node:fs';
import { DateTime } from 'luxon';
import { defaultCalendarSpec } from '../calendar/spec.ts';
import { buildCalendars } from '../config/calendars.ts';
import { loadConfigFile } from '../config/load-config.ts';
import type { Config } from '../config/types.ts';
import { DEFAULT_CONFIG } from './options.ts';

// Times on the terminal as the pages show them: in the default calendar's zone, with their
// offset (2026-11-18T22:00:00-05:00), so a reader anywhere can tell which instant it is; --utc
// writes them in UTC (…Z). --json output keeps the API's UTC form, for programs.

export type WriteTime = (ms: number) => string;

/** To the second: the milliseconds of a registration time are noise on a terminal. */
export function timeWriter(zone: string): WriteTime {
  return (ms) => DateTime.fromMillis(ms, { zone }).startOf('second').toISO({ suppressMilliseconds: true })!;
}

/** The zone to print times in: UTC with --utc, else the default calendar's of the configuration in use (or of veille's defaults). */
export function displayZone(options: { utc?: boolean | undefined; config?: Config | string | undefined }): string {
  if (options.utc) return 'UTC';
  const config = typeof options.config === 'string' ? loadConfigFile(options.config) : (options.config ?? (existsSync(DEFAULT_CONFIG) ? loadConfigFile(DEFAULT_CONFIG) : undefined));
  return config ? buildCalendars(config).default.timeZone : defaultCalendarSpec().timeZone;
}

/** A length of time as "1h 05m" or "2d 3h", for clocks and margins. */
export function shortDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const hours = Math.floor(minutes / 60);
  if (hours >= 24) return `${Math.floor(hours / 24)}d ${hours % 24}h`;
  return hours === 0 ? `${minutes}m` : `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
}
