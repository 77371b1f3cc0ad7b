import { z } from 'zod';

// Free-text fields share one bound so that no single write can bloat the database or a page.
export const MAX_TEXT = 10_000;

export const requiredText = z.string().trim().min(1, 'must not be empty').max(MAX_TEXT, `at most ${MAX_TEXT} characters`);
export const optionalText = z.string().max(MAX_TEXT, `at most ${MAX_TEXT} characters`).optional();
export const idParam = z.coerce.number().int().positive();
