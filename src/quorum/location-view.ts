import { GAP_INTERVALS } from '../reports/monitoring-gaps.ts';
import { normalize, subtract, type Interval } from '../time/interval.ts';

/** What a location's timeline and results say of one check, as stored (src/locations/location-timeline.ts). */
export interface LocationFacts {
  /** Its outages of the check (rule 4 on its own results); `end` null while open. */
  readonly outages: readonly { readonly start: number; readonly end: number | null; readonly lastDownAt: number }[];
  /** Its gaps of observation of the check. */
  readonly gaps: readonly Interval[];
  /** Its first and latest result of the check; null: it never probed it. */
  readonly firstAt: number | null;
  readonly lastAt: number | null;
  /** Whether its latest result was down. */
  readonly latestDown: boolean;
  /** Its latest result that answered (up or degraded); null: none. */
  readonly lastAnswerAt: number | null;
}

export interface LocationView {
  /** When the location saw the check down (normalized). */
  readonly down: Interval[];
  /** When it was watching the check (normalized), impairment not yet taken out. */
  readonly observed: Interval[];
  /** Up to this instant what the location says of the check can no longer change. */
  readonly settledUntil: number;
}

/** Results are written a little after they are taken (batches, a database briefly away): silence shorter than this past the gap rule is not yet a gap. */
export const WRITE_DELAY_MS = 5_000;

const FOREVER = Number.MAX_SAFE_INTEGER;

/** Whether the location has not reported the check for longer than the gap rule and the write delay (or never has): its view then moves with `now`. */
export function isSilent(facts: Pick<LocationFacts, 'lastAt'>, intervalMs: number, now: number): boolean {
  return facts.lastAt === null || now - facts.lastAt > GAP_INTERVALS * intervalMs + WRITE_DELAY_MS;
}

/**
 * A location's timeline of one check at `now`, and how far it is settled.
 *
 * A location that has not reported the check for longer than the gap rule (3 intervals, and
 * the write delay) is in a gap from its latest result: its detector will record exactly that
 * gap, and close an open outage at its last down, when it reports again. Otherwise its state
 * is known up to its latest result, except while downs not yet confirmed are pending: they may
 * still become an outage starting at the first of them, so its word is settled only up to its
 * last answer (or the last outage or gap it ended).
 */
export function locationView(facts: LocationFacts, intervalMs: number, now: number): LocationView {
  const silent = isSilent(facts, intervalMs, now);
  const down = normalize(facts.outages.map((outage) => ({ start: outage.start, end: outage.end ?? (silent ? outage.lastDownAt : FOREVER) })));
  const watched = facts.firstAt === null ? [] : [{ start: facts.firstAt, end: silent ? facts.lastAt! : FOREVER }];
  const observed = subtract(normalize(watched), normalize(facts.gaps));
  let settledUntil: number;
  if (silent) settledUntil = now;
  else if (!facts.latestDown || facts.outages.some((outage) => outage.end === null)) settledUntil = facts.lastAt!;
  else settledUntil = Math.max(facts.lastAnswerAt ?? -FOREVER, ...facts.outages.map((outage) => outage.end ?? -FOREVER), ...facts.gaps.map((gap) => gap.end));
  return { down, observed, settledUntil: Math.min(settledUntil, now) };
}
