// Spreading: checks with the same interval must not all fire in the same millisecond. Each
// check gets a fixed offset inside its interval, derived from its id, so the spread is the same
// after every restart (a check keeps its rhythm) and needs no coordination between checks.

/** FNV-1a, 32 bits: a cheap, well-mixed hash of the check id. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The check's offset in [0, spanMs): where in each interval it fires. */
export function phaseOffset(checkId: string, spanMs: number): number {
  return spanMs <= 1 ? 0 : hash(checkId) % Math.floor(spanMs);
}

/**
 * The first instant strictly after `after` at which a check with this interval and offset is
 * due: due times are `k × everyMs + phaseMs` in epoch milliseconds.
 */
export function nextDueAt(after: number, everyMs: number, phaseMs: number): number {
  const k = Math.floor((after - phaseMs) / everyMs) + 1;
  return k * everyMs + phaseMs;
}
