import { DateTime } from 'luxon';
import { z } from 'zod';

// An instant must carry its offset: a bare local time is ambiguous across zones and DST,
// and the SLA is measured to the millisecond. The offset's hours and minutes are captured.
const ISO_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2}))$/i;

export type InstantResult = { ok: true; ms: number } | { ok: false; message: string };

// The years veille handles: those of the monthly reports (YYYY-MM from 1900 to 2199). Outside
// them an instant is a typo, and some (years 0–99) would be misread by the calendar.
export const MIN_INSTANT = Date.UTC(1900, 0, 1);
export const MAX_INSTANT = Date.UTC(2200, 0, 1);
// UTC offsets in use on Earth run from -12:00 to +14:00; beyond ±14:00 an offset is a typo.
const MAX_OFFSET_MINUTES = 14 * 60;

/** Parses an ISO 8601 instant with an offset or `Z` into epoch milliseconds. */
export function parseInstant(text: string): InstantResult {
  const match = ISO_WITH_OFFSET.exec(text);
  if (!match) {
    return {
      ok: false,
      message: `"${truncate(text)}" is not an ISO 8601 time with an offset (e.g. 2026-11-02T09:00:00-05:00)`,
    };
  }
  const offsetHours = Number(match[1] ?? 0); // Z is +00:00
  const offsetMinutes = Number(match[2] ?? 0);
  if (offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > MAX_OFFSET_MINUTES) {
    return { ok: false, message: `"${truncate(text)}" has an offset beyond ±14:00 (write e.g. -05:00 or Z)` };
  }
  // luxon validates the calendar date itself (2026-02-30 is invalid), which Date.parse would roll over.
  // Only the instant is kept, so the zone luxon would write it in does not matter.
  const parsed = DateTime.fromISO(text);
  if (!parsed.isValid) {
    return { ok: false, message: `"${truncate(text)}" is not a real date and time (${parsed.invalidExplanation ?? parsed.invalidReason})` };
  }
  const ms = parsed.toMillis();
  if (ms < MIN_INSTANT || ms >= MAX_INSTANT) return { ok: false, message: `"${truncate(text)}" is outside the years 1900–2199` };
  return { ok: true, ms };
}

/** Like parseInstant, but throws; for trusted inputs such as test fixtures. */
export function instant(text: string): number {
  const result = parseInstant(text);
  if (!result.ok) throw new Error(result.message);
  return result.ms;
}

/** zod schema for API bodies and config: an ISO string with offset, parsed to epoch ms. */
const INSTANT = { description: 'An ISO 8601 time with an offset or Z, in the years 1900–2199.', examples: ['2026-11-02T09:00:00-05:00'] };
export const instantSchema = z.string().meta(INSTANT).transform((text, ctx) => {
  const result = parseInstant(text);
  if (!result.ok) {
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  }
  return result.ms;
});

/** Formats epoch ms as ISO 8601; in UTC (`Z`) unless a zone is given. */
export function toIso(ms: number, zone?: string): string {
  // luxon writes milliseconds always, and UTC as Z.
  return DateTime.fromMillis(ms, { zone: zone ?? 'utc' }).toISO()!;
}

/** Like toIso, but passes null through. */
export function toIsoOrNull(ms: number | null | undefined, zone?: string): string | null {
  return ms === null || ms === undefined ? null : toIso(ms, zone);
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
