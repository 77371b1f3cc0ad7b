import { and, desc, eq, inArray, isNull, max } from 'drizzle-orm';
import { namesLocations } from '../config/probed-from.ts';
import { IMPLICIT_LOCATION, type CheckConfig, type Config, type EnvironmentConfig } from '../config/types.ts';
import { INITIAL_STATE, restoreState, type DetectorState, type Observation } from '../outages/detector.ts';
import type { AnyDialect } from '../store/any-dialect.ts';
import { chunks } from './postgres-history-rows.ts';

type OpenOutage = { start: number; lastDownAt: number | null };

/** What restoring reads, per check and per environment. */
interface Lookups {
  latestFirst(checkId: string, limit: number): Observation[];
  openOutage(checkId: string): OpenOutage | undefined;
  slaStart(environment: EnvironmentConfig): number | null;
}

/**
 * Each check's detector state as the database left it (after a stop, a crash or `kill -9`):
 * the open outage keeps its start, downs not yet confirmed keep counting, and the time of the
 * last result lets the first probe after a long stop see the gap.
 *
 * An environment never probed at all is taken as silent since the start of its SLA, so the
 * time before the first probe is unmonitored (as the report shows it while waiting). A new
 * check in an environment already watched by others starts fresh: its silence says nothing.
 */
function statesFrom(lookups: Lookups, config: Config, now: number): Map<string, DetectorState> {
  const states = new Map<string, DetectorState>();
  for (const environment of config.environments) {
    const histories = environment.checks.map((check) => ({
      check,
      latestFirst: lookups.latestFirst(check.id, Math.max(1, check.confirmAfter)),
      openOutage: lookups.openOutage(check.id),
    }));
    const neverProbed = histories.every((history) => history.latestFirst.length === 0 && !history.openOutage);
    const since = neverProbed ? lookups.slaStart(environment) : null;
    for (const history of histories) {
      states.set(history.check.id, stateOf(history, since !== null && since < now ? since : null));
    }
  }
  return states;
}

/**
 * The detector states read through the store, on either database: every check's latest run in
 * a query per 1,000 checks, the downs of those whose latest run is down, the open probe
 * outages and the environments seen, rather than a round trip to a server per check.
 *
 * Each location's detectors from its own results: with configured locations its open outages
 * are those of its own timeline (location_outages), without them the check's probe outages.
 */
export async function readDetectorStates({ db, t }: AnyDialect, config: Config, now: number, location: string = IMPLICIT_LOCATION): Promise<Map<string, DetectorState>> {
  const checkIds = config.environments.flatMap((environment) => environment.checks.map((check) => check.id));
  const latest = new Map<string, Observation & { count: number }>();
  for (const ids of chunks(checkIds)) {
    const newest = db
      .select({ id: max(t.probeRuns.id) })
      .from(t.probeRuns)
      .where(and(inArray(t.probeRuns.checkId, ids), eq(t.probeRuns.location, location)))
      .groupBy(t.probeRuns.checkId);
    const runs = await db
      .select({ checkId: t.probeRuns.checkId, at: t.probeRuns.lastAt, status: t.probeRuns.status, reason: t.probeRuns.reason, count: t.probeRuns.count })
      .from(t.probeRuns)
      .where(inArray(t.probeRuns.id, newest));
    for (const { checkId, ...run } of runs) latest.set(checkId, run);
  }
  const limits = new Map(config.environments.flatMap((environment) => environment.checks.map((check) => [check.id, Math.max(1, check.confirmAfter)] as const)));
  const downs = new Map<string, Observation[]>();
  for (const [checkId, run] of latest) {
    if (run.status !== 'down') continue;
    const rows = await db
      .select({ at: t.probeFailures.at, reason: t.probeFailures.reason })
      .from(t.probeFailures)
      .where(and(eq(t.probeFailures.checkId, checkId), eq(t.probeFailures.location, location)))
      .orderBy(desc(t.probeFailures.at), desc(t.probeFailures.id))
      .limit(Math.min(limits.get(checkId)!, run.count));
    downs.set(checkId, rows.map((row) => ({ at: row.at, status: 'down', reason: row.reason })));
  }
  const openOutages = new Map<string, OpenOutage>();
  const own = t.locationOutages;
  const outages = namesLocations(config)
    ? await db
        .select({ checkId: own.checkId, start: own.start, lastDownAt: own.lastDownAt })
        .from(own)
        .where(and(isNull(own.end), eq(own.location, location)))
        .orderBy(desc(own.start), desc(own.id))
    : await db
        .select({ checkId: t.outages.checkId, start: t.outages.start, lastDownAt: t.outages.lastDownAt })
        .from(t.outages)
        .where(and(isNull(t.outages.end), eq(t.outages.source, 'probe')))
        .orderBy(desc(t.outages.start), desc(t.outages.id));
  for (const { checkId, ...outage } of outages) if (!openOutages.has(checkId)) openOutages.set(checkId, outage);
  const seen = new Map((await db.select().from(t.environmentsSeen)).map((row) => [row.envId, row.firstSeenAt]));
  return statesFrom(
    {
      latestFirst: (checkId) => {
        const run = latest.get(checkId);
        if (!run) return [];
        return run.status === 'down' ? downs.get(checkId)! : [{ at: run.at, status: run.status, reason: run.reason }];
      },
      openOutage: (checkId) => openOutages.get(checkId),
      slaStart: (environment) => environment.slaStart ?? seen.get(environment.id) ?? null,
    },
    config,
    now,
  );
}

function stateOf(history: { check: CheckConfig; latestFirst: Observation[]; openOutage: OpenOutage | undefined }, since: number | null): DetectorState {
  if (history.latestFirst.length === 0 && !history.openOutage) return since === null ? INITIAL_STATE : { ...INITIAL_STATE, lastResultAt: since };
  return restoreState({
    lastResultAt: history.latestFirst[0]?.at ?? null,
    openOutage: history.openOutage ?? null,
    latestFirst: history.latestFirst,
  });
}
