import { z } from 'zod';

/** `YYYY-MM`, a real month; the error names the expected form. */
export const monthSchema = z
  .string({ error: 'month is required, written YYYY-MM' })
  .regex(/^(19|20|21)\d{2}-(0[1-9]|1[0-2])$/, 'month must be written YYYY-MM (e.g. 2026-11)')
  .meta({ description: 'A calendar month, written YYYY-MM, from 1900-01 to 2199-12.', examples: ['2026-11'] });

export function parseMonth(text: string | undefined): { ok: true; month: string } | { ok: false; message: string } {
  const parsed = monthSchema.safeParse(text);
  return parsed.success ? { ok: true, month: parsed.data } : { ok: false, message: parsed.error.issues[0]!.message };
}
