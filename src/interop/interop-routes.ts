import { Hono } from 'hono';
import type { AppEnv } from '../server/app.ts';
import { documentSecurityHeaders } from '../web/security-headers.ts';
import { sendCached } from '../web/cached-response.ts';
import { formatterFor, readerOf, type Site } from '../web/site.ts';
import { renderAtomFeed } from './atom-feed.ts';
import { badgeRoutes } from './badge-routes.ts';
import { metricsRoutes } from './metrics/metrics-routes.ts';
import { publicAddress } from './public-address.ts';
import { statuspageRoutes } from './statuspage/statuspage-routes.ts';

/** What other tools read: Statuspage-compatible JSON, the Atom feed, badges, Prometheus metrics. */
export function interopRoutes(site: Site) {
  const routes = new Hono<AppEnv>();
  routes.route('/', statuspageRoutes(site));
  routes.route('/', badgeRoutes(site));
  routes.route('/', metricsRoutes(site));
  const address = publicAddress(site.deps.config);
  routes.get('/feed.atom', documentSecurityHeaders(), (c) => {
    const reader = readerOf(c);
    c.header('Access-Control-Allow-Origin', '*');
    return sendCached(c, site.snapshots.get(), {
      key: `feed:${reader.locale}`,
      contentType: 'application/atom+xml; charset=utf-8',
      cacheControl: 'public, max-age=60',
      render: (snapshot) => renderAtomFeed(formatterFor(reader, snapshot.timeZone), address, snapshot),
    });
  });
  return routes;
}
