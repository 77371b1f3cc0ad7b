import { Hono } from 'hono';
import type { AppEnv } from '../server/app.ts';
import type { AppDeps } from '../server/deps.ts';
import { interopRoutes } from '../interop/interop-routes.ts';
import { managementRoutes, reportCsvRoutes } from './management-routes.ts';
import { publicPageRoutes } from './public-page-routes.ts';
import { sreIncidentRoutes } from './sre-incident-routes.ts';
import { sreRoutes } from './sre-routes.ts';
import { createSite, type Site } from './site.ts';

/**
 * Everything served to browsers and to other tools outside /api/v1: the status page, the
 * management pages, and the interop documents, sharing one snapshot cache. Middleware is
 * attached per route, never with use('*'): this app is mounted at '/', where a wildcard would
 * also run in front of every other area's API routes.
 */
export function statusSiteRoutes(deps: AppDeps, site: Site = createSite(deps)) {
  const routes = new Hono<AppEnv>();
  routes.route('/', publicPageRoutes(site));
  routes.route('/', interopRoutes(site));
  routes.route('/', managementRoutes(site));
  routes.route('/', reportCsvRoutes(site));
  routes.route('/', sreRoutes(site));
  routes.route('/', sreIncidentRoutes(site));
  return routes;
}
