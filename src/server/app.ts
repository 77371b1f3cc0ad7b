import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { authenticate, type AuthVariables } from '../auth/middleware.ts';
import { ApiError } from './api-error.ts';
import type { AppDeps } from './deps.ts';
import { reportRoutes } from '../reports/report-routes.ts';
import { tokenRoutes } from '../auth/token-routes.ts';
import { maintenanceRoutes } from '../maintenance/maintenance-routes.ts';
import { outageRoutes } from '../outages/outage-routes.ts';
import { exclusionRoutes } from '../exclusions/exclusion-routes.ts';
import { incidentRoutes } from '../incidents/incident-routes.ts';
import { auditRoutes } from '../audit/audit-routes.ts';
import { statusSiteRoutes } from '../web/site-routes.ts';
import { createSite } from '../web/site.ts';
import { databaseUnavailablePage, pageNotFound, wantsPage } from '../web/html-errors.ts';
import { statusRoutes } from '../status/status-routes.ts';
import { subscriptionRoutes } from '../subscriptions/subscription-routes.ts';
import { reloadRoutes } from '../daemon/reload-routes.ts';
import { databaseUnavailable } from '../store/database-writes.ts';
import { answerDatabaseUnavailable, refuseWritesWhileUnavailable } from './database-unavailable.ts';
import { openApiRoutes } from './openapi/openapi-routes.ts';
import { createMonthlyReports } from '../reports/monthly-reports.ts';

export type AppEnv = { Variables: AuthVariables };

const MAX_BODY_BYTES = 1024 * 1024;

/** The route table. Each area contributes a sub-app; this is the only place that mounts them. */
export function createApp(given: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // One cache of monthly reports for every route that serves one (API, CSV).
  const deps: AppDeps = { ...given, monthlyReports: given.monthlyReports ?? createMonthlyReports(given) };

  // Outermost, so that it keeps the answers as they leave, every header set.
  if (deps.readyAnswers) app.use('*', deps.readyAnswers.remember);
  const limitBodies = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `request bodies are limited to ${MAX_BODY_BYTES} bytes`);
    },
  });
  // A GET or HEAD carries no body (the request built for it has none, so the limit always let it
  // through), and asking for one builds the whole WHATWG Request of the node adapter: 13 % of the
  // CPU of a status page read.
  app.use('*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBodies(c, next)));
  app.use('/api/*', refuseWritesWhileUnavailable(deps.databaseWrites));
  app.use('*', authenticate(deps.database.store, deps.actorResolvers ?? []));

  app.get('/healthz', (c) => {
    const prober = deps.proberHealth?.() ?? { ok: true, details: { probing: false } };
    const failure = deps.databaseWrites?.failure ?? null;
    const database = failure
      ? { writable: false, code: failure.code, error: failure.message, since: new Date(failure.since).toISOString(), writeErrors: deps.databaseWrites!.errors }
      : { writable: true, writeErrors: deps.databaseWrites?.errors ?? 0 };
    const ok = prober.ok && failure === null;
    return c.json({ ok, ...prober.details, database }, ok ? 200 : 503);
  });

  app.route('/api/v1', reportRoutes(deps));
  app.route('/api/v1', tokenRoutes(deps));
  app.route('/api/v1', maintenanceRoutes(deps));
  app.route('/api/v1', outageRoutes(deps));
  app.route('/api/v1', exclusionRoutes(deps));
  app.route('/api/v1', incidentRoutes(deps));
  app.route('/api/v1', auditRoutes(deps));
  app.route('/api/v1', statusRoutes(deps));
  app.route('/api/v1', reloadRoutes(deps));
  app.route('/api/v1', openApiRoutes());
  const site = createSite(deps);
  app.route('/', statusSiteRoutes(deps, site));
  app.route('/', subscriptionRoutes(deps));

  const notFoundPage = pageNotFound(site);
  const unavailablePage = databaseUnavailablePage(site);
  app.notFound((c) => {
    // A person who mistyped an address gets a page in their language; programs get JSON.
    if (wantsPage(c)) return notFoundPage(c);
    return c.json(new ApiError(404, 'not_found', `no route for ${c.req.method} ${c.req.path}`).toJSON(), 404);
  });
  app.onError((error, c) => {
    if (error instanceof ApiError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json(error.toJSON(), error.status);
    }
    const unavailable = databaseUnavailable(error);
    if (unavailable) {
      deps.databaseWrites?.failed(unavailable);
      // A browser asking for the status page while the database is out of reach reads a page saying so; programs get JSON.
      if (wantsPage(c)) return unavailablePage(c);
      return answerDatabaseUnavailable(c, unavailable.code, deps.databaseWrites);
    }
    if (error instanceof HTTPException) {
      return c.json(new ApiError(error.status as 400, 'http_error', error.message || 'request refused').toJSON(), error.status);
    }
    console.error(error);
    return c.json(new ApiError(500, 'internal', 'internal error').toJSON(), 500);
  });
  return app;
}
