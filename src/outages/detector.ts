import { GAP_INTERVALS } from '../reports/monitoring-gaps.ts';

// Rule 4 as a reducer: each probe result of one check moves its state and says what happened.
// Pure: no clock, no I/O. The prober persists the events; a restart rebuilds the state from
// the database with `restoreState`.

export type ProbeStatus = 'up' | 'degraded' | 'down';

export interface Observation {
  readonly at: number;
  readonly status: ProbeStatus;
  readonly reason: string | null;
}

export interface DetectorParams {
  /** Consecutive downs that make an outage (rule 4, default 2). */
  readonly confirmAfter: number;
  /** The check's nominal interval: silence longer than 3 of them is unmonitored time. */
  readonly intervalMs: number;
}

export interface DetectorState {
  /** When the last result (any status) was taken; null for a check never probed. */
  readonly lastResultAt: number | null;
  /** Downs in a row that are not (yet) an outage. */
  readonly pending: { readonly firstAt: number; readonly count: number; readonly reason: string | null } | null;
  /** The outage in progress. */
  readonly open: { readonly start: number; readonly lastDownAt: number } | null;
}

export type DetectorEvent =
  /** No result for longer than 3 intervals: neither up nor down. */
  | { readonly type: 'unmonitored'; readonly start: number; readonly end: number }
  /** `confirmAfter` downs in a row: an outage starting at the first of them. */
  | { readonly type: 'outage_opened'; readonly start: number; readonly lastDownAt: number; readonly reason: string | null }
  /** Another down during the outage: its last observed down moves forward. */
  | { readonly type: 'outage_continued'; readonly lastDownAt: number }
  /** Ended by the first up/degraded result, or at its last down when monitoring stopped. */
  | { readonly type: 'outage_closed'; readonly end: number; readonly cause: 'recovered' | 'gap' }
  /** Fewer than `confirmAfter` downs followed by an answer: recorded, not an outage. */
  | { readonly type: 'blip'; readonly start: number; readonly end: number; readonly downs: number };

export interface Step {
  readonly state: DetectorState;
  readonly events: readonly DetectorEvent[];
}

export const INITIAL_STATE: DetectorState = Object.freeze({ lastResultAt: null, pending: null, open: null });

export function detect(state: DetectorState, result: Observation, params: DetectorParams): Step {
  const events: DetectorEvent[] = [];
  let { pending, open } = state;

  if (state.lastResultAt !== null && result.at - state.lastResultAt > GAP_INTERVALS * params.intervalMs) {
    // Downtime is never inferred where nothing was observed: the outage ends at its last
    // down, and unconfirmed downs before the silence are not "consecutive" with what follows.
    if (open) events.push({ type: 'outage_closed', end: open.lastDownAt, cause: 'gap' });
    open = null;
    pending = null;
    events.push({ type: 'unmonitored', start: state.lastResultAt, end: result.at });
  }

  if (result.status === 'down') {
    if (open) {
      open = { start: open.start, lastDownAt: Math.max(open.lastDownAt, result.at) };
      events.push({ type: 'outage_continued', lastDownAt: open.lastDownAt });
    } else {
      pending = pending
        ? { firstAt: pending.firstAt, count: pending.count + 1, reason: pending.reason }
        : { firstAt: result.at, count: 1, reason: result.reason };
      if (pending.count >= params.confirmAfter) {
        open = { start: pending.firstAt, lastDownAt: result.at };
        events.push({ type: 'outage_opened', start: open.start, lastDownAt: open.lastDownAt, reason: pending.reason });
        pending = null;
      }
    }
  } else {
    // Up or degraded: the check answers, so it is available (slowness is not downtime).
    if (open) {
      events.push({ type: 'outage_closed', end: Math.max(result.at, open.lastDownAt), cause: 'recovered' });
      open = null;
    }
    if (pending) {
      events.push({ type: 'blip', start: pending.firstAt, end: result.at, downs: pending.count });
      pending = null;
    }
  }

  return { state: { lastResultAt: Math.max(result.at, state.lastResultAt ?? result.at), pending, open }, events };
}

/**
 * The state a check was in when the daemon stopped, from what the database kept: the time of
 * its last result, its open probe outage, and its latest results (newest first, at least
 * `confirmAfter` of them when available) for the downs not yet confirmed.
 */
export function restoreState(history: {
  readonly lastResultAt: number | null;
  readonly openOutage: { readonly start: number; readonly lastDownAt: number | null } | null;
  readonly latestFirst: readonly Observation[];
}): DetectorState {
  const lastResultAt = history.lastResultAt;
  if (history.openOutage) {
    const lastDownAt = history.openOutage.lastDownAt ?? history.openOutage.start;
    return { lastResultAt: lastResultAt ?? lastDownAt, pending: null, open: { start: history.openOutage.start, lastDownAt } };
  }
  let count = 0;
  while (count < history.latestFirst.length && history.latestFirst[count]!.status === 'down') count++;
  if (count === 0) return { lastResultAt, pending: null, open: null };
  const first = history.latestFirst[count - 1]!;
  return { lastResultAt, pending: { firstAt: first.at, count, reason: first.reason }, open: null };
}
