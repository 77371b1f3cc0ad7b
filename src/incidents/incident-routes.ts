import { Hono } from 'hono';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.ts';
import { badRequest, notFound } from '../server/api-error.ts';
import type { AppEnv } from '../server/app.ts';
import type { AppDeps } from '../server/deps.ts';
import { parseJsonBody, parseQuery } from '../server/parse-input.ts';
import { pathId } from '../server/path-id.ts';
import { instantSchema } from '../time/iso.ts';
import { clockStopSchema, createIncidentSchema, incidentUpdateSchema, priorityChangeSchema } from './incident-input.ts';
import { addIncidentUpdate, changePriority, createIncident, resolveIncident, respondToIncident } from './incident-service.ts';
import { eventsOf, findIncident, loadIncidents, type Incident, type IncidentNotices } from './incident-store.ts';
import { incidentView, publicIncidentView } from './incident-view.ts';

export const listQuery = z.strictObject({
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  state: z.enum(['open', 'resolved'], { error: 'must be open or resolved' }).optional(),
});

/** Rule 8's desk: sre tokens open and work incidents; viewers read all, anyone the public ones. */
export function incidentRoutes(deps: AppDeps) {
  const routes = new Hono<AppEnv>();
  // The notification sink, when the daemon wired one (docs/operations.md, "Notifications").
  const notices = (deps as { notifications?: IncidentNotices }).notifications;
  const desk = () => ({ store: deps.database.store, config: deps.config, calendars: deps.calendars, notices });
  const publicIds = new Set(deps.config.environments.filter((environment) => environment.public).map((environment) => environment.id));

  const show = async (incident: Incident, anonymous: boolean) => {
    const events = await eventsOf(deps.database.store, [incident.id]);
    return anonymous ? publicIncidentView(incident, events, publicIds) : incidentView(incident, events, deps.clock());
  };

  routes.get('/incidents', async (c) => {
    const query = parseQuery(c, listQuery);
    if (query.from !== undefined && query.to !== undefined && query.to <= query.from) throw badRequest('to', 'must be after from');
    const anonymous = c.get('actor') === null;
    const found = (await loadIncidents(deps.database.store, { from: query.from, to: query.to, publicOnly: anonymous, unresolvedOnly: query.state === 'open' })).filter(
      (incident) => query.state !== 'resolved' || incident.resolvedAt !== null,
    );
    const events = await eventsOf(deps.database.store, found.map((incident) => incident.id));
    const now = deps.clock();
    return c.json({
      incidents: found.map((incident) => (anonymous ? publicIncidentView(incident, events, publicIds) : incidentView(incident, events, now))),
    });
  });

  routes.get('/incidents/:id', async (c) => {
    const id = pathId(c.req.param('id'));
    const incident = await findIncident(deps.database.store, id);
    const anonymous = c.get('actor') === null;
    // Anonymous readers learn nothing of private incidents, not even that they exist.
    if (!incident || (anonymous && !incident.public)) throw notFound(`incident ${id}`);
    return c.json(await show(incident, anonymous));
  });

  routes.post('/incidents', requireRole('sre'), async (c) => {
    const input = await parseJsonBody(c, createIncidentSchema);
    const incident = await createIncident(desk(), input, { actor: c.get('actor')!.name, now: deps.clock() });
    return c.json(await show(incident, false), 201);
  });

  const action = (path: string, schema: z.ZodType, run: (id: number, input: any, writer: { actor: string; now: number }) => Promise<Incident>) =>
    routes.post(`/incidents/:id/${path}`, requireRole('sre'), async (c) => {
      const id = pathId(c.req.param('id'));
      const input = await parseJsonBody(c, schema);
      return c.json(await show(await run(id, input, { actor: c.get('actor')!.name, now: deps.clock() }), false));
    });
  action('respond', clockStopSchema, (id, input, writer) => respondToIncident(desk(), id, input, writer));
  action('resolve', clockStopSchema, (id, input, writer) => resolveIncident(desk(), id, input, writer));
  action('priority', priorityChangeSchema, (id, input, writer) => changePriority(desk(), id, input, writer));
  action('updates', incidentUpdateSchema, (id, input, writer) => addIncidentUpdate(desk(), id, input, writer));

  return routes;
}

