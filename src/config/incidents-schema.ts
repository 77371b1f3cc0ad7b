import { z } from 'zod';
import { parseDuration } from '../time/duration.ts';
import type { ClockSetting } from './types.ts';

const MAX_CLOCK_DAYS = 366;

/**
 * A deadline clock: `30m` (business time), `24h elapsed` (calendar time), or
 * `2 business days` (days of the calendar's full opening hours, rule 8).
 */
const clockField = z.string().transform((text, ctx): ClockSetting => {
  const trimmed = text.trim();
  const days = /^(\d+) business days?$/.exec(trimmed);
  // Bounded so that a deadline always falls within the years the calendar lays out.
  if (days) {
    if (Number(days[1]) < 1 || Number(days[1]) > MAX_CLOCK_DAYS) {
      ctx.addIssue({ code: 'custom', message: `"${text}" must be from 1 to ${MAX_CLOCK_DAYS} business days` });
      return z.NEVER;
    }
    return { businessDays: Number(days[1]), clock: 'business' };
  }
  const elapsed = /^(\S+) elapsed$/.exec(trimmed);
  const parsed = parseDuration(elapsed ? elapsed[1]! : trimmed);
  if (!parsed.ok || parsed.ms <= 0) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a clock; write 30m, 4h, "24h elapsed" or "2 business days"` });
    return z.NEVER;
  }
  if (parsed.ms > MAX_CLOCK_DAYS * 86_400_000) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is longer than ${MAX_CLOCK_DAYS} days` });
    return z.NEVER;
  }
  return { ms: parsed.ms, clock: elapsed ? 'elapsed' : 'business' };
});

const priorityClocks = z.strictObject({
  response: clockField,
  resolution: z.union([clockField, z.null()]).default(null),
});

export const incidentsSchema = z
  .strictObject({
    clocks: z
      .strictObject({ I: priorityClocks.optional(), II: priorityClocks.optional(), III: priorityClocks.optional(), IV: priorityClocks.optional() })
      .optional(),
  })
  .optional();
