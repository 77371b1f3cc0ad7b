/**
 * One reading of the database's clock from a host: the host's wall clock just before the
 * question was sent and just after the answer came, and the database's time in between.
 */
export interface ClockReading {
  readonly sentAt: number;
  readonly databaseNow: number;
  readonly receivedAt: number;
}

export type ClockVerdict =
  /** Within the bound, as far as the reading can tell. */
  | { readonly verdict: 'ok'; readonly offsetMs: number; readonly uncertaintyMs: number }
  /** Certainly off by more than the bound: its results would be stamped with a wrong time. */
  | { readonly verdict: 'off'; readonly offsetMs: number; readonly uncertaintyMs: number }
  /** The answer took too long to tell either way. */
  | { readonly verdict: 'unknown'; readonly offsetMs: number; readonly uncertaintyMs: number };

/**
 * Whether a host's clock is off from the database's by more than `boundMs`. The database read
 * its clock at some instant between `sentAt` and `receivedAt` on the host's clock, so the
 * host's offset is the midpoint's difference, known to within half the round trip. A host is
 * judged off only when even the most favourable instant leaves it beyond the bound, and ok only
 * when even the least favourable one keeps it within: results are refused on certainty, never
 * on a slow answer. Positive: the host's clock is ahead. Pure.
 */
export function judgeClock(reading: ClockReading, boundMs: number): ClockVerdict {
  if (!(boundMs >= 0)) throw new RangeError(`a clock bound is a duration of at least 0 ms, got ${boundMs}`);
  if (!(reading.receivedAt >= reading.sentAt)) throw new RangeError('a reading ends after it starts (the host clock stepped back during it): take another');
  const uncertaintyMs = (reading.receivedAt - reading.sentAt) / 2;
  const offsetMs = (reading.sentAt + reading.receivedAt) / 2 - reading.databaseNow;
  const distance = Math.abs(offsetMs);
  if (distance - uncertaintyMs > boundMs) return { verdict: 'off', offsetMs, uncertaintyMs };
  if (distance + uncertaintyMs <= boundMs) return { verdict: 'ok', offsetMs, uncertaintyMs };
  return { verdict: 'unknown', offsetMs, uncertaintyMs };
}
