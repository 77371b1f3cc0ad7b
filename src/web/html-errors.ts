import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { renderErrorPage } from '../../status-page/render.tsx';
import { ApiError } from '../server/api-error.ts';
import { pageSecurityHeaders } from './security-headers.ts';
import { formatterFor, readerOf, type Site } from './site.ts';

/** Errors on the pages are pages, in the reader's language, not the API's JSON. */
export function htmlErrorHandler(site: Site) {
  return (error: Error, c: Context) => {
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
