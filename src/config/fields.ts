import { z } from 'zod';
import cron from 'node-cron';
import { parseDuration } from '../time/duration.ts';
import { parseInstant } from '../time/iso.ts';

// Field-level schemas shared by the configuration sections. Each turns YAML text into a
// typed value or an issue whose message says what is wrong and how to write it.

export const durationField = z.string().transform((text, ctx) => {
  const parsed = parseDuration(text);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  }
  return parsed.ms;
});

/** A YAML timestamp may arrive as a Date when unquoted; both forms must carry an offset. */
export const instantField = z.union([z.string(), z.date()]).transform((value, ctx) => {
  if (value instanceof Date) {
    ctx.addIssue({ code: 'custom', message: 'write the time quoted, with an offset (e.g. "2026-01-01T00:00:00-05:00")' });
    return z.NEVER;
  }
  const parsed = parseInstant(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  }
  return parsed.ms;
});

/** A local calendar date, written `YYYY-MM-DD` (YAML may have turned it into a Date). */
export const localDateField = z.union([z.string(), z.date()]).transform((value, ctx) => {
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!)) : null;
  if (!match || !date || date.toISOString().slice(0, 10) !== text) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a date written YYYY-MM-DD` });
    return z.NEVER;
  }
  return text;
});

export const idField = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use 1–64 lowercase letters, digits, "-" or "_", starting with a letter or digit');

/** `every`: a duration from 1s to 1h, or a cron expression (six fields allow seconds). */
export const scheduleField = z.string().transform((text, ctx) => {
  if (/\s/.test(text.trim())) {
    if (!cron.validate(text.trim())) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is neither a duration (30s, 5m, 1h) nor a valid cron expression` });
      return z.NEVER;
    }
    return { everyMs: null, cron: text.trim() };
  }
  const parsed = parseDuration(text);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: `${parsed.message}, or a cron expression` });
    return z.NEVER;
  }
  if (parsed.ms < 1_000 || parsed.ms > 3_600_000) {
    ctx.addIssue({ code: 'custom', message: `must be between 1s and 1h (got ${text})` });
    return z.NEVER;
  }
  return { everyMs: parsed.ms, cron: null };
});

/** `expect.status`: a code, a list of codes, or ranges such as `200-399`. */
const statusPart = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const text = String(value).trim();
  const match = /^(\d{3})(?:\s*-\s*(\d{3}))?$/.exec(text);
  if (!match) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a status code or a range such as 200-399` });
    return z.NEVER;
  }
  const from = Number(match[1]);
  const to = Number(match[2] ?? match[1]);
  if (from < 100 || to > 599 || from > to) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a range of HTTP status codes (100–599)` });
    return z.NEVER;
  }
  return { from, to };
});
export const statusField = z.union([statusPart, z.array(statusPart).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));
