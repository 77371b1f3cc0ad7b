import { Hono } from 'hono';
import { requireRole } from '../auth/middleware.ts';
import { findOutage } from '../outages/outage-store.ts';
import type { AppEnv } from '../server/app.ts';
import type { AppDeps } from '../server/deps.ts';
import { parseJsonBody } from '../server/parse-input.ts';
import { pathId } from '../server/path-id.ts';
import { createExclusionSchema, revokeExclusionSchema } from './exclusion-input.ts';
import { excludeOutage, revokeExclusion } from './exclusion-service.ts';
import { exclusionView } from './exclusion-view.ts';

/** Rule 6: sre tokens excuse outages (or parts of them) and revoke those exclusions. */
export function exclusionRoutes(deps: AppDeps) {
  const routes = new Hono<AppEnv>();
  const store = () => deps.database.store;

  routes.post('/outages/:id/exclusions', requireRole('sre'), async (c) => {
    const outageId = pathId(c.req.param('id'));
    const input = await parseJsonBody(c, createExclusionSchema);
    const now = deps.clock();
    const exclusion = await excludeOutage({ store: store() }, outageId, input, { actor: c.get('actor')!.name, now });
    return c.json(exclusionView(exclusion, (await findOutage(store(), outageId))!.end, now), 201);
  });

  routes.post('/exclusions/:id/revoke', requireRole('sre'), async (c) => {
    const id = pathId(c.req.param('id'));
    const input = await parseJsonBody(c, revokeExclusionSchema);
    const now = deps.clock();
    const exclusion = await revokeExclusion({ store: store() }, id, input, { actor: c.get('actor')!.name, now });
    return c.json(exclusionView(exclusion, (await findOutage(store(), exclusion.outageId))!.end, now));
  });

  return routes;
}

