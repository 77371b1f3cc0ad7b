import { Hono } from 'hono';
import type { AppEnv } from '../server/app.ts';
import type { AppDeps } from '../server/deps.ts';
import { currentStatus } from './current-status.ts';

/** `GET /status`: public production environments for anyone; every environment, in full, with a token (rule 9). */
export function statusRoutes(deps: AppDeps) {
  const routes = new Hono<AppEnv>();
  routes.get('/status', (c) => {
    const now = deps.clock();
    const document =
      c.get('actor') === null
        ? currentStatus(deps.database, deps.config, { now, full: false })
        : currentStatus(deps.database, deps.config, { now, full: true });
    c.header('cache-control', 'no-store');
    return c.json(document);
  });
  return routes;
}
