// Instants as a client would write them: with Z, or with a local offset, always with milliseconds.
import { DateTime } from 'luxon';

const ZONES = ['utc', 'America/Toronto', 'America/Vancouver', 'Europe/Paris', 'Asia/Kolkata'] as const;

/** Writes t in one of several zones, chosen by `variant` (so requests vary how they write time). */
export function isoText(t: number, variant = 0): string {
  const zone = ZONES[Math.abs(variant) % ZONES.length]!;
  const text = DateTime.fromMillis(t, { zone }).toISO({ suppressMilliseconds: false, includeOffset: true })!;
  return zone === 'utc' ? text.replace('+00:00', 'Z') : text;
}

/** Reads an instant the API answered with; it must carry an offset or Z. */
export function readInstant(text: unknown): number {
  if (typeof text !== 'string' || !/(Z|[+-]\d{2}:?\d{2})$/.test(text)) throw new Error(`not an ISO instant with an offset: ${JSON.stringify(text)}`);
  const parsed = DateTime.fromISO(text, { setZone: true });
  if (!parsed.isValid) throw new Error(`not an ISO instant: ${text}`);
  return parsed.toMillis();
}
