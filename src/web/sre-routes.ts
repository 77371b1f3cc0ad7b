import { Hono, type Context } from 'hono';
import { PRIORITIES } from '../config/types.ts';
import { excludeOutage } from '../exclusions/exclusion-service.ts';
import { EXCLUSION_REASONS, createExclusionSchema } from '../exclusions/exclusion-input.ts';
import { INCIDENT_CHANNELS, INCIDENT_KINDS, createIncidentSchema } from '../incidents/incident-input.ts';
import { createIncident } from '../incidents/incident-service.ts';
import type { IncidentNotices } from '../incidents/incident-store.ts';
import { cancelWindowSchema, createWindowSchema } from '../maintenance/window-input.ts';
import { cancelWindow, registerWindow, type MaintenanceNotices } from '../maintenance/window-service.ts';
import { pathId } from '../server/path-id.ts';
import { renderSrePage } from '../../status-page/render.tsx';
import type { FormState } from '../../status-page/pages/sre-page.tsx';
import { htmlErrorHandler } from './html-errors.ts';
import { signedInOf } from './management-routes.ts';
import { pageSecurityHeaders } from './security-headers.ts';
import { sessionActor, type WebEnv } from './session/session-middleware.ts';
import { list, localTime, text, textValues, type FormValues } from './sre/form-values.ts';
import { sreConsole } from './sre/sre-console.ts';
import { sreView } from './sre/sre-view.ts';
import { formatterFor, readerOf, type Site } from './site.ts';

/** Channels a person may choose; `monitor` is for the incidents veille opens itself. */
export const DESK_CHANNELS = INCIDENT_CHANNELS.filter((channel) => channel !== 'monitor');

/**
 * The SRE console's page: open an incident and see every open one with its clocks, register
 * and cancel maintenance windows (with the formal notice e-mailed or not), classify an outage
 * with an exclusion. Each form is turned into the API's body and goes through the same schema
 * and the same service as the API, so it accepts and refuses exactly what the API does.
 */
export function sreRoutes(site: Site) {
  const { deps } = site;
  const routes = new Hono<WebEnv>();
  const page = pageSecurityHeaders();
  const session = sessionActor(deps);
  const { zone, gate, attempt, writer } = sreConsole(site);
  // The same notification sinks the API's routes use, so a window or an incident recorded here is announced the same way.
  const registry = { store: deps.database.store, config: deps.config, notices: deps.notifications as MaintenanceNotices | undefined };
  const desk = { store: deps.database.store, config: deps.config, calendars: deps.calendars, notices: deps.notifications as IncidentNotices | undefined };
  routes.onError(htmlErrorHandler(site));

  async function show(c: Context<WebEnv>, state?: FormState) {
    const f = formatterFor(readerOf(c), zone);
    const view = await sreView({ store: deps.database.store, config: deps.config }, deps.clock());
    c.header('Cache-Control', 'no-store');
    return c.html(
      renderSrePage({
        f,
        cssHref: site.stylesheet.href,
        signedIn: signedInOf(c)!,
        environments: deps.config.environments.map((environment) => ({ id: environment.id, name: environment.name })),
        ...view,
        incidentChoices: { priorities: PRIORITIES, kinds: INCIDENT_KINDS, channels: DESK_CHANNELS },
        reasons: EXCLUSION_REASONS,
        saved: c.req.query('saved') === '1',
        state,
      }),
      state ? 400 : 200,
    );
  }

  /** A form of this page: its write, then where it returns, or this page again with the form's problems. */
  function submit(c: Context<WebEnv>, form: FormState['form'], values: FormValues, write: () => string | Promise<string>) {
    return attempt(c, write, (problems) => show(c, { form, values, problems }));
  }

  /** The posted form, once its sender is known to be a signed-in SRE; else the answer to send. */
  async function posted(c: Context<WebEnv>): Promise<{ values: FormValues; denied: Response | null }> {
    const values = textValues(await c.req.parseBody({ all: true }));
    return { values, denied: gate(c, values, '/sre') };
  }

  routes.get('/sre', page, session, (c) => gate(c, undefined, '/sre') ?? show(c));

  routes.post('/sre/incidents', page, session, async (c) => {
    const { values, denied } = await posted(c);
    if (denied) return denied;
    return submit(c, 'incident', values, async () => {
      const environments = list(values, 'environments');
      const body = {
        title: text(values, 'title') ?? '',
        priority: text(values, 'priority'),
        ...(environments.length > 0 ? { environments } : {}),
        ...(text(values, 'kind') ? { kind: text(values, 'kind') } : {}),
        ...(text(values, 'channel') ? { channel: text(values, 'channel') } : {}),
        public: text(values, 'public') !== undefined,
        ...(text(values, 'openedAt') ? { openedAt: localTime(values, 'openedAt', zone) } : {}),
        ...(text(values, 'externalRef') ? { externalRef: text(values, 'externalRef') } : {}),
      };
      const incident = await createIncident(desk, createIncidentSchema.parse(body), writer(c));
      return `/sre/incidents/${incident.id}?saved=1`;
    });
  });

  routes.post('/sre/maintenance', page, session, async (c) => {
    const { values, denied } = await posted(c);
    if (denied) return denied;
    return submit(c, 'maintenance', values, async () => {
      const body = {
        environments: list(values, 'environments'),
        impact: text(values, 'impact') ?? '',
        start: localTime(values, 'start', zone),
        end: localTime(values, 'end', zone),
        ...(text(values, 'noticeSentAt') ? { noticeSentAt: localTime(values, 'noticeSentAt', zone) } : {}),
        ...(text(values, 'noticeRef') ? { noticeRef: text(values, 'noticeRef') } : {}),
        ...(text(values, 'notify') ? { notify: true } : {}),
      };
      await registerWindow(registry, createWindowSchema.parse(body), writer(c));
      return '/sre?saved=1#windows-title';
    });
  });

  routes.post('/sre/maintenance/:id/cancel', page, session, async (c) => {
    const { values, denied } = await posted(c);
    if (denied) return denied;
    const id = pathId(c.req.param('id'));
    return submit(c, `cancel-${id}`, values, async () => {
      await cancelWindow(registry, id, cancelWindowSchema.parse({ reason: text(values, 'reason') ?? '' }), writer(c));
      return '/sre?saved=1#windows-title';
    });
  });

  routes.post('/sre/outages/:id/exclusions', page, session, async (c) => {
    const { values, denied } = await posted(c);
    if (denied) return denied;
    const id = pathId(c.req.param('id'));
    return submit(c, `exclude-${id}`, values, async () => {
      const body = {
        reason: text(values, 'reason'),
        justification: text(values, 'justification') ?? '',
        ...(text(values, 'start') ? { start: localTime(values, 'start', zone) } : {}),
        ...(text(values, 'end') ? { end: localTime(values, 'end', zone) } : {}),
      };
      await excludeOutage({ store: deps.database.store }, id, createExclusionSchema.parse(body), writer(c));
      return `/sre?saved=1#outage-${id}`;
    });
  });

  return routes;
}
