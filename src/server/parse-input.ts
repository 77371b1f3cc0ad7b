import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError, badRequest, fromZodError } from './api-error.ts';
import { duplicateJsonKey } from './duplicate-json-keys.ts';

/** Reads a JSON body and validates it; any problem is a 400 naming each bad field. */
export async function parseJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let body: unknown;
  let text: string;
  try {
    text = await c.req.text();
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'the request body is not valid JSON');
  }
  let duplicate: string | null;
  try {
    duplicate = text.trim() === '' ? null : duplicateJsonKey(text);
  } catch {
    // Only a nesting too deep to walk gets here (JSON.parse took it): no form of ours nests so.
    throw new ApiError(400, 'invalid_json', 'the request body is nested too deeply');
  }
  if (duplicate !== null) throw badRequest(duplicate, 'given more than once');
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

/** Validates the query string the same way; a parameter given twice is refused, not half-read. */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const repeated = Object.entries(c.req.queries())
    .filter(([, values]) => values.length > 1)
    .map(([field]) => ({ field, message: 'given more than once' }));
  if (repeated.length > 0) throw new ApiError(400, 'invalid_input', repeated.map((f) => `${f.field}: ${f.message}`).join('; '), repeated);
  // `?environment=&from=` (as docs/api.md writes a listing) means no filter: empty is absent.
  const given = Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(given);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}
