import { Hono } from 'hono';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.ts';
import type { AppEnv } from '../server/app.ts';
import type { AppDeps } from '../server/deps.ts';
import { parseJsonBody, parseQuery } from '../server/parse-input.ts';
import { pathId } from '../server/path-id.ts';
import { badRequest, notFound } from '../server/api-error.ts';
import { instantSchema } from '../time/iso.ts';
import { cancelWindowSchema, createWindowSchema, rescheduleWindowSchema } from './window-input.ts';
import { listWindows } from './window-listing.ts';
import { cancelWindow, registerWindow, rescheduleWindow, type MaintenanceNotices } from './window-service.ts';
import { findWindow } from './window-store.ts';
import { publicWindowView, windowView } from './window-view.ts';

export const listQuery = z.strictObject({ from: instantSchema.optional(), to: instantSchema.optional() });

/** The maintenance registry (rule 5): sre writes, anyone reads the public environments' windows. */
export function maintenanceRoutes(deps: AppDeps) {
  const routes = new Hono<AppEnv>();
  // The notification sink, when the daemon wired one (docs/operations.md, "Notifications").
  const notices = (deps as { notifications?: MaintenanceNotices }).notifications;
  const registry = () => ({ store: deps.database.store, config: deps.config, notices });

  routes.get('/maintenance', async (c) => {
    const query = parseQuery(c, listQuery);
    if (query.from !== undefined && query.to !== undefined && query.to <= query.from) throw badRequest('to', 'must be after from');
    const now = deps.clock();
    return c.json({ now: new Date(now).toISOString(), ...(await listWindows(registry(), { now, publicOnly: c.get('actor') === null, ...query })) });
  });

  routes.get('/maintenance/:id', async (c) => {
    const id = pathId(c.req.param('id'), 'a window id');
    const window = await findWindow(deps.database.store, id);
    const publicIds = new Set(deps.config.environments.filter((environment) => environment.public).map((environment) => environment.id));
    const now = deps.clock();
    if (c.get('actor') !== null && window) return c.json(windowView(window, now));
    // Anonymous readers learn nothing about windows of private environments, not even that they exist.
    if (!window || !window.environmentIds.some((envId) => publicIds.has(envId))) throw notFound(`maintenance window ${id}`);
    return c.json(publicWindowView(window, now, publicIds));
  });

  routes.post('/maintenance', requireRole('sre'), async (c) => {
    const input = await parseJsonBody(c, createWindowSchema);
    const now = deps.clock();
    const window = await registerWindow(registry(), input, { actor: c.get('actor')!.name, now });
    return c.json(windowView(window, now), 201);
  });

  routes.post('/maintenance/:id/reschedule', requireRole('sre'), async (c) => {
    const id = pathId(c.req.param('id'), 'a window id');
    const input = await parseJsonBody(c, rescheduleWindowSchema);
    const now = deps.clock();
    return c.json(windowView(await rescheduleWindow(registry(), id, input, { actor: c.get('actor')!.name, now }), now));
  });

  routes.post('/maintenance/:id/cancel', requireRole('sre'), async (c) => {
    const id = pathId(c.req.param('id'), 'a window id');
    const input = await parseJsonBody(c, cancelWindowSchema);
    const now = deps.clock();
    return c.json(windowView(await cancelWindow(registry(), id, input, { actor: c.get('actor')!.name, now }), now));
  });

  return routes;
}

