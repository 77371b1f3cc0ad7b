import { Hono } from 'hono';
import type { AppEnv } from '../server/app.ts';
import { sendCached } from './cached-response.ts';
import { pageKey, renderPage } from './public-documents.ts';
import { pageSecurityHeaders } from './security-headers.ts';
import { readerOf, type Site } from './site.ts';

/** GET / (the public status page) and its stylesheet. */
export function publicPageRoutes(site: Site) {
  const routes = new Hono<AppEnv>();
  const headers = pageSecurityHeaders();

  routes.get('/', headers, async (c) => {
    const reader = readerOf(c);
    return sendCached(c, await site.snapshots.get(), {
      key: pageKey(reader),
      contentType: 'text/html; charset=UTF-8',
      cacheControl: 'no-cache',
      render: (snapshot) => renderPage(reader, snapshot, site.documents),
      from: site.snapshots,
    });
  });

  routes.get(site.stylesheet.href, (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.body(site.stylesheet.body);
  });

  routes.get('/assets/favicon.svg', (c) => {
    c.header('Content-Type', 'image/svg+xml; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(FAVICON);
  });

  return routes;
}

// A green circle with a check mark: the tab's icon, so browsers stop asking for /favicon.ico.
const FAVICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="#146c2e"/><path d="M9 16.5l4.5 4.5L23 11.5" fill="none" stroke="#fff" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round"/></svg>';
