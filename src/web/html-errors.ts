import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { renderErrorPage } from '../../status-page/render.tsx';
import { ApiError } from '../server/api-error.ts';
import { answerDatabaseUnavailable } from '../server/database-unavailable.ts';
import { databaseUnavailable } from '../store/database-writes.ts';
import { pageSecurityHeaders } from './security-headers.ts';
import { formatterFor, readerOf, type Site } from './site.ts';

/** Errors on the pages are pages, in the reader's language, not the API's JSON. */
export function htmlErrorHandler(site: Site) {
  const unavailablePage = databaseUnavailablePage(site);
  return (error: Error, c: Context) => {
    const unavailable = databaseUnavailable(error);
    if (unavailable) {
      site.deps.databaseWrites?.failed(unavailable);
      return c.req.path.startsWith('/api/') ? answerDatabaseUnavailable(c, unavailable.code, site.deps.databaseWrites) : unavailablePage(c);
    }
    const status = error instanceof ApiError ? error.status : error instanceof HTTPException ? error.status : 500;
    if (status === 500) console.error(error);
    const reader = readerOf(c);
    const f = formatterFor(reader, site.deps.calendars.default.timeZone);
    const message = status === 500 ? 'internal error' : error.message;
    const title = status === 404 ? f.t.notFoundTitle : f.t.errorTitle;
    return c.html(renderErrorPage(f, site.stylesheet.href, { title, message, path: c.req.path }), status as 400);
  };
}

/**
 * An address nothing answers, for a browser: a page in the reader's language (not the API's
 * "no route for GET …"), sent with the headers of every other page. It is reached from the
 * app's notFound, outside the routes that carry those headers, so they are applied here.
 */
export function pageNotFound(site: Site) {
  const headers = pageSecurityHeaders();
  return async (c: Context): Promise<Response> => {
    await headers(c, async () => {
      const f = formatterFor(readerOf(c), site.deps.calendars.default.timeZone);
      c.res = c.html(renderErrorPage(f, site.stylesheet.href, { title: f.t.notFoundTitle, message: f.t.notFoundMessage(c.req.path), path: c.req.path }), 404);
    });
    return c.res;
  };
}

/**
 * The database out of reach (a PostgreSQL server stopped, its network cut), for a browser: a
 * small page in the reader's language, 503 with Retry-After, where the API answers programs
 * its JSON 503. It says what a visitor can do (come back shortly), not which error the driver
 * gave: that is on /healthz and in the API's answer.
 */
export function databaseUnavailablePage(site: Site) {
  const headers = pageSecurityHeaders();
  return async (c: Context): Promise<Response> => {
    await headers(c, async () => {
      const f = formatterFor(readerOf(c), site.deps.calendars.default.timeZone);
      c.header('Retry-After', String(site.deps.databaseWrites?.retryAfterSeconds() ?? 5));
      c.header('Cache-Control', 'no-store');
      c.res = c.html(renderErrorPage(f, site.stylesheet.href, { title: f.t.unavailableTitle, message: f.t.databaseUnavailableMessage, path: c.req.path }), 503);
    });
    return c.res;
  };
}

/** Whether an answer goes to a person's browser rather than a program: a page asked for HTML, outside the API. */
export function wantsPage(c: Context): boolean {
  return !c.req.path.startsWith('/api/') && (c.req.header('accept') ?? '').includes('text/html');
}
