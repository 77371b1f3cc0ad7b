import type { CheckConfig, Config } from '../config/types.ts';
import { INITIAL_STATE, restoreState, type DetectorState, type Observation } from '../outages/detector.ts';
import { prepareLatestObservations } from '../history/history-reads.ts';
import { slaStartOf } from '../reports/sla-inputs.ts';
import type { OpenDatabase } from '../store/database.ts';

/**
 * Each check's detector state as the database left it (after a stop, a crash or `kill -9`):
 * the open outage keeps its start, downs not yet confirmed keep counting, and the time of the
 * last result lets the first probe after a long stop see the gap.
 *
 * An environment never probed at all is taken as silent since the start of its SLA, so the
 * time before the first probe is unmonitored (as the report shows it while waiting). A new
 * check in an environment already watched by others starts fresh: its silence says nothing.
 */
export function restoreDetectorStates(database: OpenDatabase, config: Config, now: number): Map<string, DetectorState> {
  const latest = prepareLatestObservations(database.sqlite);
  const openOutage = database.sqlite.prepare(
    "SELECT start, last_down_at AS lastDownAt FROM outages WHERE check_id = ? AND \"end\" IS NULL AND source = 'probe' ORDER BY start DESC LIMIT 1",
  );
  const states = new Map<string, DetectorState>();
  for (const environment of config.environments) {
    const histories = environment.checks.map((check) => ({
      check,
      latestFirst: latest(check.id, Math.max(1, check.confirmAfter)),
      openOutage: openOutage.get(check.id) as { start: number; lastDownAt: number | null } | undefined,
    }));
    const neverProbed = histories.every((history) => history.latestFirst.length === 0 && !history.openOutage);
    const since = neverProbed ? slaStartOf(database.db, environment) : null;
    for (const history of histories) {
      states.set(history.check.id, stateOf(history, since !== null && since < now ? since : null));
    }
  }
  return states;
}

function stateOf(
  history: { check: CheckConfig; latestFirst: Observation[]; openOutage: { start: number; lastDownAt: number | null } | undefined },
  since: number | null,
): DetectorState {
  if (history.latestFirst.length === 0 && !history.openOutage) return since === null ? INITIAL_STATE : { ...INITIAL_STATE, lastResultAt: since };
  return restoreState({
    lastResultAt: history.latestFirst[0]?.at ?? null,
    openOutage: history.openOutage ?? null,
    latestFirst: history.latestFirst,
  });
}
