import { Hono } from 'hono';
import type { AppEnv } from '../server/app.ts';
import { documentSecurityHeaders } from '../web/security-headers.ts';
import { formatterFor, readerOf, type Site } from '../web/site.ts';
import { renderAtomFeed } from './atom-feed.ts';
import { badgeRoutes } from './badge-routes.ts';
import { metricsRoutes } from './metrics/metrics-routes.ts';
import { originOf, statuspageRoutes } from './statuspage/statuspage-routes.ts';

/** What other tools read: Statuspage-compatible JSON, the Atom feed, badges, Prometheus metrics. */
export function interopRoutes(site: Site) {
  const routes = new Hono<AppEnv>();
  routes.route('/', statuspageRoutes(site));
  routes.route('/', badgeRoutes(site));
  routes.route('/', metricsRoutes(site));
  routes.get('/feed.atom', documentSecurityHeaders(), (c) => {
    const reader = readerOf(c);
    const origin = originOf(c);
    const cached = site.snapshots.get();
    const body = cached.derive(`feed:${reader.locale}:${origin}`, (snapshot) => renderAtomFeed(formatterFor(reader, snapshot.timeZone), origin, snapshot));
    c.header('Content-Type', 'application/atom+xml; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=60');
    c.header('Access-Control-Allow-Origin', '*');
    return c.body(body);
  });
  return routes;
}
