import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import { PRIORITIES } from '../config/types.ts';
import { clockStopSchema, incidentUpdateSchema, priorityChangeSchema } from '../incidents/incident-input.ts';
import { addIncidentUpdate, changePriority, resolveIncident, respondToIncident, type DeskDeps } from '../incidents/incident-service.ts';
import { eventsOf, findIncident, type Incident, type IncidentNotices } from '../incidents/incident-store.ts';
import { notFound } from '../server/api-error.ts';
import { pathId } from '../server/path-id.ts';
import { renderSreIncidentPage } from '../../status-page/render.tsx';
import type { FormState } from '../../status-page/pages/sre-page.tsx';
import { htmlErrorHandler } from './html-errors.ts';
import { signedInOf } from './management-routes.ts';
import { pageSecurityHeaders } from './security-headers.ts';
import { sessionActor, type WebEnv } from './session/session-middleware.ts';
import { localTime, text, textValues, type FormValues } from './sre/form-values.ts';
import { sreConsole } from './sre/sre-console.ts';
import { sreIncident } from './sre/sre-view.ts';
import { formatterFor, readerOf, type Site } from './site.ts';

type DeskAction = 'update' | 'respond' | 'priority' | 'resolve';

/**
 * One incident in the SRE console: its clocks and timeline, and the desk's actions (post an
 * update, record the response, change the priority with a reason, resolve), each through the
 * schema and service of the matching POST /api/v1/incidents/:id/… route.
 */
export function sreIncidentRoutes(site: Site) {
  const { deps } = site;
  const routes = new Hono<WebEnv>();
  const page = pageSecurityHeaders();
  const session = sessionActor(deps);
  const { zone, gate, attempt, writer } = sreConsole(site);
  const desk: DeskDeps = { store: deps.database.store, config: deps.config, calendars: deps.calendars, notices: deps.notifications as IncidentNotices | undefined };
  routes.onError(htmlErrorHandler(site));

  async function existing(id: number): Promise<Incident> {
    const incident = await findIncident(deps.database.store, id);
    if (!incident) throw notFound(`incident ${id}`);
    return incident;
  }

  async function show(c: Context<WebEnv>, incident: Incident, state?: FormState) {
    const f = formatterFor(readerOf(c), zone);
    const events = await eventsOf(deps.database.store, [incident.id]);
    c.header('Cache-Control', 'no-store');
    return c.html(
      renderSreIncidentPage({
        f,
        cssHref: site.stylesheet.href,
        signedIn: signedInOf(c)!,
        incident: sreIncident(incident, deps.clock()),
        events: events.map((event) => ({ at: event.at, actor: event.actor, type: event.type, message: event.message })),
        priorities: PRIORITIES,
        saved: c.req.query('saved') === '1',
        state,
      }),
      state ? 400 : 200,
    );
  }

  routes.get('/sre/incidents/:id', page, session, async (c) => {
    const id = pathId(c.req.param('id'));
    return gate(c, undefined, `/sre/incidents/${id}`) ?? show(c, await existing(id));
  });

  /** A desk action: the form's fields as the API's body, then back to the incident. */
  function action<S extends z.ZodType>(name: DeskAction, schema: S, body: (values: FormValues) => unknown, run: (id: number, input: z.output<S>, who: { actor: string; now: number }) => Promise<unknown>) {
    routes.post(`/sre/incidents/:id/${name === 'update' ? 'updates' : name}`, page, session, async (c) => {
      const values = textValues(await c.req.parseBody({ all: true }));
      const id = pathId(c.req.param('id'));
      const denied = gate(c, values, `/sre/incidents/${id}`);
      if (denied) return denied;
      await existing(id);
      return attempt(
        c,
        async () => {
          await run(id, schema.parse(body(values)), writer(c));
          return `/sre/incidents/${id}?saved=1`;
        },
        async (problems) => show(c, await existing(id), { form: name, values, problems }),
      );
    });
  }

  const clockStop = (values: FormValues) => ({
    ...(text(values, 'at') ? { at: localTime(values, 'at', zone) } : {}),
    ...(text(values, 'message') ? { message: text(values, 'message') } : {}),
  });
  action('update', incidentUpdateSchema, (values) => ({ message: text(values, 'message') ?? '', monitoring: text(values, 'monitoring') !== undefined }), (id, input, who) =>
    addIncidentUpdate(desk, id, input, who),
  );
  action('respond', clockStopSchema, clockStop, (id, input, who) => respondToIncident(desk, id, input, who));
  action('priority', priorityChangeSchema, (values) => ({ priority: text(values, 'priority'), reason: text(values, 'reason') ?? '' }), (id, input, who) =>
    changePriority(desk, id, input, who),
  );
  action('resolve', clockStopSchema, clockStop, (id, input, who) => resolveIncident(desk, id, input, who));

  return routes;
}
