import { z } from 'zod';

// Free-text fields share one bound so that no single write can bloat the database or a page.
export const MAX_TEXT = 10_000;

export const requiredText = z.string().trim().min(1, 'must not be empty').max(MAX_TEXT, `at most ${MAX_TEXT} characters`);
export const optionalText = z.string().max(MAX_TEXT, `at most ${MAX_TEXT} characters`).optional();
/** A record id in a path: decimal digits only, so that " 1", "1e1" or "0x10" cannot name another record. */
export const idParam = z
  .string()
  .regex(/^[1-9]\d{0,15}$/, 'must be a positive whole number written in digits')
  .meta({ description: 'A record id: a positive whole number written in plain digits.', examples: ['12'] })
  .transform(Number)
  .refine(Number.isSafeInteger, 'is too large to be an id');
