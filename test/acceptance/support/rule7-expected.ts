// Rule 7 computed independently of veille, from what the test itself registered through the API.
//
// The month is cut at every instant where anything could change (an opening or closing, an
// outage, exclusion or window edge, slaStart, now); on each piece every predicate is constant,
// so asking the rules' questions at the piece's first instant and multiplying by its length is
// exact to the millisecond. The questions are the rules' own: is this instant business time?
// which outages cover it? for each, is it excused by a window announced before that outage
// began, or by one of that outage's own unrevoked exclusions?
import { isBusiness, monthSpan, openings, type RuleCalendar } from './rule-calendar.ts';

export interface ModelExclusion {
  start: number;
  /** null: "until the outage ends". */
  end: number | null;
  revoked: boolean;
}

export interface ModelOutage {
  check: string;
  start: number;
  end: number | null;
  exclusions: ModelExclusion[];
}

export interface ModelWindowVersion {
  start: number;
  end: number;
  noticeSentAt: number;
}

export interface ModelWindow {
  environments: string[];
  /** In the order they were recorded. */
  versions: ModelWindowVersion[];
  cancelledAt: number | null;
}

export interface ModelEnvironment {
  id: string;
  name: string;
  type: 'production' | 'staging' | 'development' | 'training';
  public: boolean;
  calendar: RuleCalendar;
  /** null: the first time the daemon saw it. */
  slaStart: number | null;
  availabilityChecks: string[];
  /** The checks' interval: a gap longer than 3 of them with no result is unmonitored (rule 4). */
  everyMs: number;
}

export interface World {
  environments: ModelEnvironment[];
  outages: ModelOutage[];
  windows: ModelWindow[];
}

export interface ExpectedFigure {
  id: string;
  name: string;
  type: string;
  businessMs: number;
  rawDowntimeMs: number;
  outsideBusinessMs: number;
  excludedMaintenanceMs: number;
  excludedOtherMs: number;
  downtimeMs: number;
  unmonitoredMs: number;
  availability: number;
  met: boolean;
  budgetMs: number;
  budgetLeftMs: number;
  observedMs: number;
  coverage: number;
  coverageSufficient: boolean;
  verdict: 'met' | 'missed' | 'none';
}

/** The configuration's coverageMinimum (its default): percent of business time observed. */
export const COVERAGE_MINIMUM = 95;

/**
 * Maintenance excuses instant t of outage o (rule 5 with its decision on versions, docs/rules.md): for
 * each window naming the environment, the version in force is the latest recorded one whose
 * notice went out strictly before o began; t must lie in it, in the window's current
 * (last) version, and before the window was cancelled.
 */
function maintenanceExcuses(windows: readonly ModelWindow[], o: ModelOutage, t: number): boolean {
  return windows.some((w) => {
    let inForce: ModelWindowVersion | null = null;
    for (const v of w.versions) if (v.noticeSentAt < o.start) inForce = v;
    const current = w.versions[w.versions.length - 1]!;
    return (
      inForce !== null &&
      inForce.start <= t && t < inForce.end &&
      current.start <= t && t < current.end &&
      (w.cancelledAt === null || t < w.cancelledAt)
    );
  });
}

/** One of o's own unrevoked exclusions covers t (rule 6); an open-ended one runs to o's end. */
function exclusionExcuses(o: ModelOutage, t: number, now: number): boolean {
  return o.exclusions.some((e) => !e.revoked && e.start <= t && t < (e.end ?? o.end ?? now));
}

/** target as an exact fraction: 99.5 → 995/10. */
function targetFraction(target: number): [bigint, bigint] {
  const [whole, decimals = ''] = String(target).split('.');
  return [BigInt(whole! + decimals), 10n ** BigInt(decimals.length)];
}

export function expectedFigure(world: World, env: ModelEnvironment, input: { month: string; target: number; now: number; firstSeen: number }): ExpectedFigure {
  const { month, target, now } = input;
  const slaStart = env.slaStart ?? input.firstSeen;
  const [monthStart, monthEnd] = monthSpan(env.calendar.zone, month);
  const periodStart = Math.max(monthStart, slaStart);
  const soFar = Math.min(monthEnd, now);
  const outages = world.outages.filter((o) => env.availabilityChecks.includes(o.check));
  const windows = world.windows.filter((w) => w.environments.includes(env.id));
  // Never probed (--no-probe): nothing was observed since the SLA started (rule 4's gap).
  const gap: [number, number] | null = now - slaStart > 3 * env.everyMs ? [slaStart, now] : null;

  const cuts = new Set<number>([periodStart, monthEnd, soFar]);
  for (const [a, b] of openings(env.calendar, monthStart, monthEnd)) cuts.add(a).add(b);
  for (const o of outages) {
    cuts.add(o.start).add(o.end ?? now);
    for (const e of o.exclusions) cuts.add(e.start).add(e.end ?? o.end ?? now);
  }
  for (const w of windows) {
    for (const v of w.versions) cuts.add(v.start).add(v.end);
    if (w.cancelledAt !== null) cuts.add(w.cancelledAt);
  }
  if (gap) cuts.add(gap[0]).add(gap[1]);
  const points = [...cuts].filter((t) => t >= periodStart && t <= monthEnd).sort((a, b) => a - b);

  const n = { business: 0, raw: 0, outside: 0, maintenance: 0, other: 0, down: 0, unmonitored: 0 };
  for (let k = 0; k + 1 < points.length; k++) {
    const t = points[k]!;
    const length = points[k + 1]! - t;
    const business = isBusiness(env.calendar, t);
    if (business) n.business += length;
    if (t >= soFar) continue;
    if (business && gap && gap[0] <= t && t < gap[1]) n.unmonitored += length;
    const covering = outages.filter((o) => o.start <= t && t < (o.end ?? now));
    if (covering.length === 0) continue;
    n.raw += length;
    if (!business) {
      n.outside += length;
      continue;
    }
    const notMaintenance = covering.filter((o) => !maintenanceExcuses(windows, o, t));
    if (notMaintenance.length === 0) n.maintenance += length;
    else if (notMaintenance.every((o) => exclusionExcuses(o, t, now))) n.other += length;
    else n.down += length;
  }

  const B = n.business;
  const D = n.down;
  const [num, den] = targetFraction(target);
  const budget = Number((BigInt(B) * (100n * den - num)) / (100n * den));
  const met = B === 0 || BigInt(B - D) * 100n * den >= num * BigInt(B);
  const observed = B - n.unmonitored;
  return {
    id: env.id,
    name: env.name,
    type: env.type,
    businessMs: B,
    rawDowntimeMs: n.raw,
    outsideBusinessMs: n.outside,
    excludedMaintenanceMs: n.maintenance,
    excludedOtherMs: n.other,
    downtimeMs: D,
    unmonitoredMs: n.unmonitored,
    availability: B === 0 ? 100 : (100 * (B - D)) / B,
    met,
    budgetMs: budget,
    budgetLeftMs: budget - D,
    observedMs: observed,
    coverage: B === 0 ? 1 : observed / B,
    coverageSufficient: observed * 100 >= COVERAGE_MINIMUM * B,
    // No verdict while nothing of the measured period has elapsed, or there is no business time.
    verdict: B === 0 || soFar <= periodStart ? 'none' : met ? 'met' : 'missed',
  };
}
