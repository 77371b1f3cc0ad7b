import { Hono } from 'hono';
import { z } from 'zod';
import { parseQuery } from '../server/parse-input.ts';
import type { AppEnv } from '../server/app.ts';
import type { AppDeps } from '../server/deps.ts';
import { currentStatus } from './current-status.ts';
import { createDataVersionReader } from '../cache/data-version.ts';
import { createSnapshotCache, inline } from '../cache/snapshot-cache.ts';
import { OBSERVATION_REFRESH_MS } from '../web/site.ts';
import { sendCached } from '../web/cached-response.ts';

/** `GET /status`: public production environments for anyone; every environment, in full, with a token (rule 9). */
export function statusRoutes(deps: AppDeps) {
  const routes = new Hono<AppEnv>();
  // What anonymous readers get is built once per state of the data, in the background (as the
  // public page), so that no number of them rebuilds it per request; token holders get it fresh.
  const anonymous = createSnapshotCache(inline((now) => currentStatus(deps.database.store, deps.config, { now, full: false })), {
    clock: deps.clock,
    version: createDataVersionReader(deps.database),
    refreshMs: OBSERVATION_REFRESH_MS,
  });
  routes.get('/status', async (c) => {
    // No parameters: one given (a filter, say) is refused rather than silently ignored, as on the listings.
    parseQuery(c, z.strictObject({}));
    if (c.get('actor') !== null) {
      c.header('cache-control', 'no-store');
      return c.json(await currentStatus(deps.database.store, deps.config, { now: deps.clock(), full: true }));
    }
    // Serialized and compressed once per entry, like the page; a token changes the answer, so
    // caches keep the anonymous one apart (Vary: Authorization, Cookie).
    return sendCached(c, await anonymous.get(), { key: 'status', contentType: 'application/json', cacheControl: 'no-cache', vary: 'Authorization, Cookie', render: (document) => JSON.stringify(document), from: anonymous });
  });
  return routes;
}
