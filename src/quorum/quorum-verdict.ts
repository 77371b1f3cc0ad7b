import { intersect, normalize, subtract, type Interval } from '../time/interval.ts';
import { atLeast } from './at-least.ts';

/** What one location saw of one check, each list normalized. */
export interface LocationTimeline {
  /** The location's outages of the check, by rule 4 applied to its own results. */
  readonly down: readonly Interval[];
  /** When the location was watching the check and trusted (not unmonitored, not impaired). */
  readonly observed: readonly Interval[];
}

export interface QuorumVerdict {
  /** The check is down exactly while at least `quorum` locations observe it down. */
  readonly down: Interval[];
  /** At least `quorum` locations observed the check. */
  readonly observed: Interval[];
  /** The window's time in which fewer than `quorum` locations observed the check. */
  readonly unmonitored: Interval[];
}

/**
 * The check's verdict over `window` from its locations' timelines.
 *
 * A location's down time counts only where it was observing: an outage a location recorded
 * while impaired is its own failure, not the service's. Time that fewer than `quorum` locations
 * observed is unmonitored — neither up nor down — the same as a gap of one observer today.
 */
export function quorumVerdict(locations: readonly LocationTimeline[], quorum: number, window: Interval): QuorumVerdict {
  if (!Number.isInteger(quorum) || quorum < 1) throw new RangeError(`quorum must be a whole number of at least 1, got ${quorum}`);
  const frame = normalize([window]); // nothing, for an empty or inverted window
  const observedBy = locations.map((l) => intersect(l.observed, frame));
  const downBy = locations.map((l, n) => intersect(l.down, observedBy[n]!));
  const observed = atLeast(observedBy, quorum);
  return { down: atLeast(downBy, quorum), observed, unmonitored: subtract(frame, observed) };
}

/** The default quorum: at least half of the locations that probe a check, and never less than one. */
export function defaultQuorum(locationCount: number): number {
  return Math.max(1, Math.ceil(locationCount / 2));
}
