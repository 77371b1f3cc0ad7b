import { Hono } from 'hono';
import type { AppEnv } from '../server/app.ts';
import { documentSecurityHeaders } from '../web/security-headers.ts';
import { sendCached } from '../web/cached-response.ts';
import { feedKey, renderFeed } from '../web/public-documents.ts';
import { readerOf, type Site } from '../web/site.ts';
import { badgeRoutes } from './badge-routes.ts';
import { metricsRoutes } from './metrics/metrics-routes.ts';
import { statuspageRoutes } from './statuspage/statuspage-routes.ts';

/** What other tools read: Statuspage-compatible JSON, the Atom feed, badges, Prometheus metrics. */
export function interopRoutes(site: Site) {
  const routes = new Hono<AppEnv>();
  routes.route('/', statuspageRoutes(site));
  routes.route('/', badgeRoutes(site));
  routes.route('/', metricsRoutes(site));
  routes.get('/feed.atom', documentSecurityHeaders(), async (c) => {
    const reader = readerOf(c);
    c.header('Access-Control-Allow-Origin', '*');
    return sendCached(c, await site.snapshots.get(), {
      key: feedKey(reader),
      contentType: 'application/atom+xml; charset=utf-8',
      cacheControl: 'public, max-age=60',
      render: (snapshot) => renderFeed(reader, snapshot, site.documents),
    });
  });
  return routes;
}
