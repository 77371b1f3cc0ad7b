import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { formatPath } from '../config/config-error.ts';
import { readableIssues } from '../config/readable-issues.ts';

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** An error the API answers with `{"error": {"code", "message", fields?}}` and its status. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly fields: readonly FieldProblem[] = [],
    /** Headers the answer carries (Retry-After with a 429). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.fields.length > 0 ? { fields: this.fields } : {}),
      },
    };
  }
}

export const badRequest = (field: string, message: string) =>
  new ApiError(400, 'invalid_input', `${field}: ${message}`, [{ field, message }]);
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);

/** Every bad field named, in one message and in `fields`. */
export function fromZodError(error: ZodError, prefix = ''): ApiError {
  const fields = readableIssues(error.issues).flatMap((issue): FieldProblem[] => {
    const base = formatPath([...(prefix ? [prefix] : []), ...(issue.path as PropertyKey[])]);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: base ? `${base}.${key}` : key, message: 'unknown field' }));
    }
    return [{ field: base || '(body)', message: issue.message }];
  });
  return new ApiError(400, 'invalid_input', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
}
