// Business time as the acceptance checks read rule 2, written from the rules text alone: its own
// 2026 holiday list, its own opening hours per weekday, and luxon only to turn instants into
// local wall-clock time and back. Nothing here comes from veille's calendar.
import { DateTime } from 'luxon';

/** Rule 2's list for 2026 (public holidays of Canada and Québec, united), as the rules print it. */
export const HOLIDAYS_2026 = ['2026-01-01', '2026-04-03', '2026-05-18', '2026-06-24', '2026-07-01', '2026-09-07', '2026-10-12', '2026-12-25'];

/** An opening in local wall-clock minutes since midnight; `to` may be 1440 (24:00). */
export type Opening = readonly [from: number, to: number];

export interface RuleCalendar {
  readonly zone: string;
  /** Index 1 = Monday … 7 = Sunday (luxon's weekday numbers). */
  readonly hours: Readonly<Record<number, readonly Opening[]>>;
  readonly closed: ReadonlySet<string>;
  /** "A business day" for rule 8's clocks. */
  readonly businessDayMs: number;
}

const H = 60;
const nineToFive: Opening[] = [[9 * H, 17 * H]];

/** Rule 2's default calendar. */
export const TORONTO_DEFAULT: RuleCalendar = {
  zone: 'America/Toronto',
  hours: { 1: nineToFive, 2: nineToFive, 3: nineToFive, 4: nineToFive, 5: nineToFive, 6: [], 7: [] },
  closed: new Set(HOLIDAYS_2026),
  businessDayMs: 8 * 3_600_000,
};

/**
 * The acceptance configuration's `extended` calendar (see acceptance-config.ts): Vancouver,
 * a lunch break on weekdays, Saturday mornings, Sundays round the clock (so the DST Sundays
 * are 23 h and 25 h of business time), two extra closures and Thanksgiving kept open.
 */
const weekdaySplit: Opening[] = [
  [7 * H, 12 * H],
  [13 * H, 19 * H],
];
export const VANCOUVER_EXTENDED: RuleCalendar = {
  zone: 'America/Vancouver',
  hours: { 1: weekdaySplit, 2: weekdaySplit, 3: weekdaySplit, 4: weekdaySplit, 5: weekdaySplit, 6: [[10 * H, 14 * H]], 7: [[0, 24 * H]] },
  closed: new Set([...HOLIDAYS_2026.filter((d) => d !== '2026-10-12'), '2026-03-09', '2026-11-02']),
  businessDayMs: 11 * 3_600_000,
};

/** Whether instant t is business time: read the local wall clock and compare with the day's openings. */
export function isBusiness(calendar: RuleCalendar, t: number): boolean {
  const local = DateTime.fromMillis(t, { zone: calendar.zone });
  if (calendar.closed.has(local.toISODate()!)) return false;
  const wallMs = ((local.hour * 60 + local.minute) * 60 + local.second) * 1000 + local.millisecond;
  return (calendar.hours[local.weekday] ?? []).some(([from, to]) => from * 60_000 <= wallMs && wallMs < to * 60_000);
}

/** The instant of a local wall-clock time; 24:00 is the next day's midnight. */
function localInstant(zone: string, date: DateTime, minutes: number): number {
  const day = minutes >= 24 * H ? date.plus({ days: 1 }) : date;
  const m = minutes % (24 * H);
  return DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Math.floor(m / 60), minute: m % 60 }, { zone }).toMillis();
}

/**
 * The business openings of each local day touching [from, to), as instants, in order. Each
 * day's openings are placed by luxon from its wall-clock times; closed days have none.
 */
export function openings(calendar: RuleCalendar, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let day = DateTime.fromMillis(from, { zone: calendar.zone }).startOf('day').minus({ days: 1 });
  const last = DateTime.fromMillis(to, { zone: calendar.zone }).startOf('day').plus({ days: 1 });
  for (; day <= last; day = day.plus({ days: 1 })) {
    if (calendar.closed.has(day.toISODate()!)) continue;
    for (const [a, b] of calendar.hours[day.weekday] ?? []) out.push([localInstant(calendar.zone, day, a), localInstant(calendar.zone, day, b)]);
  }
  return out;
}

/** [local midnight of the 1st, local midnight of the next 1st) in the zone. */
export function monthSpan(zone: string, month: string): [number, number] {
  const first = DateTime.fromISO(`${month}-01T00:00:00`, { zone });
  return [first.toMillis(), first.plus({ months: 1 }).toMillis()];
}

/** The month ('YYYY-MM') an instant falls in, in the zone. */
export function monthOf(zone: string, t: number): string {
  return DateTime.fromMillis(t, { zone }).toFormat('yyyy-MM');
}

/** Business ms in [a, b), counted over the day's openings. */
export function businessBetween(calendar: RuleCalendar, a: number, b: number): number {
  let sum = 0;
  for (const [s, e] of openings(calendar, a, b)) sum += Math.max(0, Math.min(e, b) - Math.max(s, a));
  return sum;
}
