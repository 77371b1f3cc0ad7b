// Random scenarios of one month: manual outages (availability and feature checks, production
// and staging), maintenance windows with explicit past notices placed just before, exactly at
// and just after outage starts, reschedules and cancellations, and exclusions (whole or a
// part of an outage, some revoked). Instants carry milliseconds.
import { DateTime } from 'luxon';
import { CHECKS } from './acceptance-config.ts';
import type { Rng } from './prng.ts';

const MS = 1;
const SEC = 1000 * MS;
const MIN = 60 * SEC;
const H = 60 * MIN;
const DAY = 24 * H;

/**
 * Days where the rules are most likely to be got wrong: holidays, Fridays, DST weekends, month
 * edges, slaStarts. August is left out: the hand-worked month must stay free of random events.
 */
export const HOT_DAYS: Readonly<Record<string, readonly string[]>> = {
  '2026-01': ['2026-01-01', '2026-01-02', '2026-01-15', '2026-01-30', '2026-01-31'],
  '2026-02': ['2026-02-02', '2026-02-27', '2026-02-28'],
  '2026-03': ['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10', '2026-03-31'],
  '2026-04': ['2026-04-02', '2026-04-03', '2026-04-06', '2026-04-30'],
  '2026-05': ['2026-05-15', '2026-05-18', '2026-05-31'],
  '2026-06': ['2026-06-19', '2026-06-23', '2026-06-24', '2026-06-30'],
  '2026-07': ['2026-07-01', '2026-07-03'],
  '2026-09': ['2026-09-04', '2026-09-07', '2026-09-30'],
  '2026-10': ['2026-10-09', '2026-10-12', '2026-10-30', '2026-10-31'],
  '2026-11': ['2026-11-01', '2026-11-02', '2026-11-20'],
};

const CHECK_WEIGHTS = [
  ['acme-web', 3],
  ['acme-api', 2],
  ['globex-web', 2],
  ['westco-web', 3],
  ['newco-web', 1],
  ['acme-login', 1],
  ['westco-billing', 1],
  ['staging-web', 1],
] as const;

const WINDOW_ENVIRONMENTS = ['acme-prod', 'globex-prod', 'westco-prod', 'newco-prod', 'staging'];
export const EXCLUSION_REASONS = ['client_equipment', 'client_internet', 'prohibited_use', 'force_majeure'] as const;

export interface PlannedExclusion {
  /** Omitted: the whole outage. */
  part: { start: number; end: number } | null;
  reason: (typeof EXCLUSION_REASONS)[number];
  revoke: boolean;
}

export interface PlannedOutage {
  check: string;
  start: number;
  end: number;
  exclusions: PlannedExclusion[];
}

export interface PlannedWindow {
  environments: string[];
  /**
   * The first is the registration, the others reschedules, in this order. A notice of
   * 'registration' is left out of the request: rule 5 makes it the moment of recording.
   */
  versions: Array<{ start: number; end: number; noticeSentAt: number | 'registration'; byDuration: boolean }>;
  cancel: boolean;
}

export interface Plan {
  month: string;
  outages: PlannedOutage[];
  windows: PlannedWindow[];
}

/** An instant on a Toronto local date, at a wall-clock time weighted towards business hours and their edges. */
function instantOn(rng: Rng, date: string): number {
  const minuteOfDay = rng.weighted<() => number>([
    [() => rng.int(7 * 60, 20 * 60), 6],
    [() => rng.int(16 * 60 + 30, 17 * 60 + 30), 2],
    [() => rng.int(8 * 60 + 30, 9 * 60 + 30), 1],
    [() => rng.int(0, 24 * 60 - 1), 2],
  ])();
  const day = DateTime.fromISO(date, { zone: 'America/Toronto' });
  return day.set({ hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 }).toMillis() + rng.int(0, 59) * SEC + rng.int(0, 999);
}

function outageLength(rng: Rng): number {
  return rng.weighted<() => number>([
    [() => rng.int(1, 5 * SEC), 1],
    [() => rng.int(1 * MIN, 60 * MIN), 3],
    [() => rng.int(1 * H, 5 * H), 4],
    [() => rng.int(10 * H, 40 * H), 1],
  ])();
}

/** A notice before, exactly at, or just after an outage's start, a week ahead, or anywhere that day. */
function noticeFor(rng: Rng, outages: readonly PlannedOutage[], day: string, monthStart: number): number | 'registration' {
  const someStart = () => (outages.length ? rng.pick(outages).start : instantOn(rng, day));
  return rng.weighted<() => number | 'registration'>([
    [() => 'registration', 1],
    [() => monthStart - 7 * DAY + rng.int(0, DAY), 4],
    [() => someStart(), 2],
    [() => someStart() - 1, 2],
    [() => someStart() + 1, 1],
    [() => someStart() + rng.int(-2 * H, 2 * H), 2],
    [() => instantOn(rng, day), 1],
  ])();
}

export function planScenario(rng: Rng, month: string, latest: number): Plan {
  const days = HOT_DAYS[month]!.filter((day) => DateTime.fromISO(day, { zone: 'America/Toronto' }).toMillis() + 3 * DAY < latest);
  if (days.length === 0) return { month, outages: [], windows: [] };
  const focus = [rng.pick(days), rng.pick(days)];
  const monthStart = DateTime.fromISO(`${month}-01`, { zone: 'America/Toronto' }).toMillis();

  const outages: PlannedOutage[] = [];
  for (let k = rng.int(2, 5); k > 0; k--) {
    const start = instantOn(rng, rng.pick(focus));
    const end = start + outageLength(rng);
    const exclusions: PlannedExclusion[] = [];
    for (let e = rng.weighted<number>([[0, 6], [1, 3], [2, 1]]); e > 0; e--) {
      const whole = end - start < 2 || rng.chance(0.4);
      let part: PlannedExclusion['part'] = null;
      if (!whole) {
        const s = start + Math.floor(rng.next() * (end - start - 1));
        part = { start: s, end: s + 1 + Math.floor(rng.next() * (end - s - 1)) };
      }
      exclusions.push({ part, reason: rng.pick(EXCLUSION_REASONS), revoke: rng.chance(0.3) });
    }
    outages.push({ check: rng.weighted(CHECK_WEIGHTS), start, end, exclusions });
  }

  const windows: PlannedWindow[] = [];
  for (let k = rng.weighted<number>([[0, 1], [1, 3], [2, 2]]); k > 0; k--) {
    // Mostly a window of the environment of an outage it overlaps, sometimes of others too.
    const target = outages.length && rng.chance(0.8) ? rng.pick(outages) : null;
    const ownEnvironment = target ? CHECKS.find((check) => check.id === target.check)!.env : rng.pick(WINDOW_ENVIRONMENTS);
    const environments = [...new Set([ownEnvironment, ...(rng.chance(0.4) ? [rng.pick(WINDOW_ENVIRONMENTS)] : [])])];
    const near = target ? target.start + rng.int(-3 * H, 30 * MIN) : instantOn(rng, rng.pick(focus));
    const versions: PlannedWindow['versions'] = [
      { start: near, end: near + rng.int(30 * MIN, 8 * H), noticeSentAt: noticeFor(rng, outages, focus[0]!, monthStart), byDuration: rng.chance(0.3) },
    ];
    for (let v = rng.weighted<number>([[0, 5], [1, 4], [2, 1]]); v > 0; v--) {
      const previous = versions[versions.length - 1]!;
      const start = previous.start + rng.int(-1 * H, 1 * H);
      versions.push({ start, end: start + rng.int(30 * MIN, 5 * H), noticeSentAt: noticeFor(rng, outages, focus[1]!, monthStart), byDuration: rng.chance(0.3) });
    }
    windows.push({ environments, versions, cancel: rng.chance(0.25) });
  }
  return { month, outages, windows };
}
