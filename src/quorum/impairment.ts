import { normalize, subtract, union, type Interval } from '../time/interval.ts';
import { atLeast } from './at-least.ts';

export interface LocationFailures {
  /** Down intervals (normalized) of each check the location probes, one list per check. */
  readonly checksDown: readonly (readonly Interval[])[];
  /** Down intervals of the location's reference check, when it has one. */
  readonly referenceDown?: readonly Interval[];
  /**
   * How many checks must fail together before that is read as the location's own failure.
   * One check failing alone says nothing about the observer, so this is at least 2.
   */
  readonly minChecks: number;
}

/**
 * When a location cannot be trusted as a witness: its reference check is down, or every check
 * it probes is down at once (its network, resolver or host failing, not the services).
 *
 * While impaired, a location's results are unobserved time, never downtime: a monitor that
 * cannot tell its own failure from the service's must not charge the service for it.
 */
export function impairedSpans(location: LocationFailures): Interval[] {
  if (!Number.isInteger(location.minChecks) || location.minChecks < 2) {
    throw new RangeError(`impairedSpans needs minChecks of at least 2, got ${location.minChecks}`);
  }
  const { checksDown } = location;
  const allDown = checksDown.length >= location.minChecks ? atLeast(checksDown, checksDown.length) : [];
  return union(allDown, location.referenceDown ? [...location.referenceDown] : []);
}

/** The part of `observed` in which the location was not impaired. */
export function trustedObservation(observed: readonly Interval[], impaired: readonly Interval[]): Interval[] {
  return subtract(observed, impaired);
}

/**
 * Up to when "every check down at once" is settled for a location, from each check's down
 * intervals and the instant up to which they can no longer change: before the earliest of those
 * instants every check is settled; past it, an instant is settled too where one check already
 * settled there was not down, since then not every check was down, whatever the others still
 * say. So one check slow to report holds the location's impairment back only while no other
 * check is known up beside it. Pure.
 */
export function allDownSettledUntil(checks: readonly { readonly down: readonly Interval[]; readonly settledUntil: number }[]): number {
  if (checks.length === 0) return Number.MAX_SAFE_INTEGER;
  const settled = checks.reduce((earliest, check) => Math.min(earliest, check.settledUntil), Number.MAX_SAFE_INTEGER);
  const knownUp = normalize(checks.flatMap((check) => (check.settledUntil > settled ? subtract([{ start: settled, end: check.settledUntil }], check.down) : [])));
  const first = knownUp[0];
  return first && first.start === settled ? first.end : settled;
}
