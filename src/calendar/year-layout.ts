// One local year of a calendar, laid out once: the instant of every local midnight, and the
// opening intervals with running totals, so every later question is a binary search.
import { DateTime, IANAZone } from 'luxon';

export const DAY_MS = 86_400_000;

export interface YearLayout {
  year: number;
  /** dayStarts[k] = local midnight of day k (0 = January 1); the last entry is the next January 1. */
  dayStarts: Float64Array;
  /** Opening k is [starts[k], ends[k]); before[k] = business ms of the year before it. */
  starts: Float64Array;
  ends: Float64Array;
  before: Float64Array;
  start: number;
  end: number;
  total: number;
}

/** Openings of a weekday as minutes after local midnight, sorted and disjoint (index 0 = Monday). */
export type DayOpenings = ReadonlyArray<{ from: number; to: number }>;

/**
 * Lays a year out day by day in the zone. A day that starts at 00:00 and whose two midnights
 * share one UTC offset has no DST change (no zone changes offset twice within a day), so its
 * wall-clock times are plain arithmetic; a DST-change day is resolved by luxon, which moves a
 * wall-clock time inside a skipped hour forward and picks one of a repeated hour's instants.
 */
export function layOutYear(year: number, zoneName: string, openings: readonly DayOpenings[], closed: ReadonlySet<string>): YearLayout {
  const zone = IANAZone.create(zoneName);
  const days = Math.round((Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY_MS);
  const dayStarts = new Float64Array(days + 1);
  const starts: number[] = [];
  const ends: number[] = [];
  let midnight = localMidnight(zoneName, Date.UTC(year, 0, 1));
  let offsetMs = zone.offset(midnight) * 60_000;
  dayStarts[0] = midnight;

  for (let k = 0; k < days; k++) {
    const civil = Date.UTC(year, 0, 1 + k); // the local date, written as a UTC midnight
    let next = civil + DAY_MS - offsetMs;
    let nextOffsetMs = zone.offset(next) * 60_000;
    if (nextOffsetMs !== offsetMs) {
      // The offset changed before the next midnight, so that midnight is not repeated (its first
      // occurrence would have kept the day's offset): luxon's start of the date is the only one,
      // or the end of the gap when midnight itself is skipped.
      next = localMidnight(zoneName, civil + DAY_MS);
      nextOffsetMs = zone.offset(next) * 60_000;
    }
    // Plain arithmetic holds when the day starts at 00:00 and keeps one offset to its end.
    const steady = nextOffsetMs === offsetMs && midnight === civil - offsetMs;
    if (!closed.has(new Date(civil).toISOString().slice(0, 10))) {
      const weekday = (new Date(civil).getUTCDay() + 6) % 7;
      for (const open of openings[weekday]!) {
        // An opening starts before 24:00 (from < to ≤ 24:00); only its end can be the next midnight.
        const start = steady ? civil + open.from * 60_000 - offsetMs : wallClock(zoneName, civil, open.from);
        const end = open.to >= 1440 ? next : steady ? civil + open.to * 60_000 - offsetMs : wallClock(zoneName, civil, open.to);
        if (end <= start) continue;
        const last = ends.length - 1;
        // Openings that touch (e.g. 00:00–24:00 on consecutive days) form one interval.
        if (last >= 0 && ends[last]! >= start) ends[last] = Math.max(ends[last]!, end);
        else {
          starts.push(start);
          ends.push(end);
        }
      }
    }
    dayStarts[k + 1] = next;
    midnight = next;
    offsetMs = nextOffsetMs;
  }

  const before = new Float64Array(starts.length + 1);
  for (let k = 0; k < starts.length; k++) before[k + 1] = before[k]! + (ends[k]! - starts[k]!);
  return {
    year,
    dayStarts,
    starts: Float64Array.from(starts),
    ends: Float64Array.from(ends),
    before,
    start: dayStarts[0]!,
    end: dayStarts[days]!,
    total: before[starts.length]!,
  };
}

/** Business ms of a year from its start up to t (t within the year or at its end). */
export function elapsedIn(year: YearLayout, t: number): number {
  const k = lastAtOrBefore(year.starts, t);
  if (k < 0) return 0;
  return year.before[k]! + Math.min(t, year.ends[k]!) - year.starts[k]!;
}

/** Index of the last value ≤ t in a sorted array; -1 when none. */
export function lastAtOrBefore(sorted: Float64Array, t: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The start of a local date by luxon's reckoning. */
function localMidnight(zone: string, civil: number): number {
  const date = new Date(civil);
  return DateTime.fromObject({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }, { zone })
    .startOf('day')
    .toMillis();
}

/** A wall-clock time of a local date; luxon moves a time inside a DST gap forward. */
function wallClock(zone: string, civil: number, minute: number): number {
  const date = new Date(civil);
  return DateTime.fromObject(
    { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: Math.floor(minute / 60), minute: minute % 60 },
    { zone },
  ).toMillis();
}
