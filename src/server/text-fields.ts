import { z } from 'zod';

// Free-text fields share one bound so that no single write can bloat the database or a page.
export const MAX_TEXT = 10_000;

/**
 * Control characters (NUL and the rest of C0 but tab and line breaks, and DEL) are refused in
 * text a person writes: they have no business in a title or a reason, and stored raw they would
 * be emitted raw into pages, feeds and e-mails. Refused rather than stripped, so that what is
 * stored is exactly what was sent.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const CONTROL_MESSAGE = 'must not contain control characters (such as NUL)';
export const noControlCharacters = (text: string) => !CONTROL.test(text);

export const requiredText = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_TEXT, `at most ${MAX_TEXT} characters`)
  .refine(noControlCharacters, CONTROL_MESSAGE);
export const optionalText = z.string().max(MAX_TEXT, `at most ${MAX_TEXT} characters`).refine(noControlCharacters, CONTROL_MESSAGE).optional();
/** A short name or id given in a body: bounded, and as free of control characters as free text. */
export const shortText = (max = 200) => z.string().min(1, 'must not be empty').max(max, `at most ${max} characters`).refine(noControlCharacters, CONTROL_MESSAGE);
/** A record id in a path: decimal digits only, so that " 1", "1e1" or "0x10" cannot name another record. */
export const idParam = z
  .string()
  .regex(/^[1-9]\d{0,15}$/, 'must be a positive whole number written in digits')
  .meta({ description: 'A record id: a positive whole number written in plain digits.', examples: ['12'] })
  .transform(Number)
  .refine(Number.isSafeInteger, 'is too large to be an id');
