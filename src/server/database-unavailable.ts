import type { Context, MiddlewareHandler } from 'hono';
import type { DatabaseWrites } from '../store/database-writes.ts';
import { ApiError } from './api-error.ts';

// While the database refuses writes (disk full, locked by another process, read-only), a
// write is answered 503 with what failed and when to retry, never a bare 500: the daemon goes
// on serving reads and probing, and writes work again on their own once the database does.

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function databaseUnavailableError(code: string, method = 'POST'): ApiError {
  // A read that failed (a PostgreSQL server out of reach) is not a write refused: say which.
  if (!WRITE_METHODS.has(method)) return new ApiError(503, 'database_unavailable', `the database cannot be reached now (${code}); retry later`);
  return new ApiError(503, 'database_unavailable', `the database cannot take writes now (${code}); nothing was changed, retry later`);
}

/** The 503 answer, with Retry-After. */
export function answerDatabaseUnavailable(c: Context, code: string, writes: DatabaseWrites | undefined) {
  c.header('Retry-After', String(writes?.retryAfterSeconds() ?? 5));
  return c.json(databaseUnavailableError(code, c.req.method).toJSON(), 503);
}

/**
 * API writes are refused at once while a failure is known and its retry time has not come:
 * each attempt against a locked database would block the daemon for busy_timeout first. A
 * write that succeeds afterwards shows the database takes writes again.
 */
export function refuseWritesWhileUnavailable(writes: DatabaseWrites | undefined): MiddlewareHandler {
  return async (c, next) => {
    const failure = writes?.failure;
    if (!failure || !WRITE_METHODS.has(c.req.method)) return next();
    if (!writes!.mayTry()) return answerDatabaseUnavailable(c, failure.code, writes);
    await next();
    if (c.res.status >= 200 && c.res.status < 300) writes!.succeeded();
  };
}
