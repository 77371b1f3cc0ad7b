import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { roleAtLeast } from '../auth/roles.ts';
import { excludeOutage } from '../exclusions/exclusion-service.ts';
import { EXCLUSION_REASONS, createExclusionSchema } from '../exclusions/exclusion-input.ts';
import { cancelWindowSchema, createWindowSchema } from '../maintenance/window-input.ts';
import { cancelWindow, registerWindow, type MaintenanceNotices } from '../maintenance/window-service.ts';
import { ApiError, fromZodError } from '../server/api-error.ts';
import { pathId } from '../server/path-id.ts';
import { renderSrePage } from '../../status-page/render.tsx';
import type { FormState } from '../../status-page/pages/sre-page.tsx';
import { htmlErrorHandler } from './html-errors.ts';
import { signedInOf } from './management-routes.ts';
import { pageSecurityHeaders } from './security-headers.ts';
import { sameOrigin, sameToken } from './session/csrf.ts';
import { sessionActor, type WebEnv } from './session/session-middleware.ts';
import { list, localTime, text, textValues, type FormValues } from './sre/form-values.ts';
import { sreView } from './sre/sre-view.ts';
import { formatterFor, readerOf, type Site } from './site.ts';

/**
 * The SRE's browser forms: register and cancel maintenance windows, classify an outage with an
 * exclusion. Each form is turned into the API's body and goes through the same schema and the
 * same registry service as the API, so it accepts and refuses exactly what the API does.
 */
export function sreRoutes(site: Site) {
  const { deps } = site;
  const routes = new Hono<WebEnv>();
  const page = pageSecurityHeaders();
  const session = sessionActor(deps);
  const zone = deps.calendars.default.timeZone;
  // The same notification sink the API's maintenance routes use, so a window registered here is announced the same way.
  const registry = { db: deps.database.db, config: deps.config, notices: deps.notifications as MaintenanceNotices | undefined };
  routes.onError(htmlErrorHandler(site));

  /** A signed-in SRE (else a redirect to sign in, or 403), with the form's CSRF token checked on posts. */
  function gate(c: Context<WebEnv>, form?: FormValues): Response | null {
    const actor = c.get('actor');
    const t = formatterFor(readerOf(c), zone).t;
    if (!actor || !c.get('session')) return c.redirect(`/sign-in?next=${encodeURIComponent('/sre')}`, 303);
    if (!roleAtLeast(actor.role, 'sre')) throw new ApiError(403, 'forbidden', t.sreOnly);
    if (form && (!sameOrigin(c) || !sameToken(c.get('session')!.csrf, text(form, 'csrf')))) throw new ApiError(403, 'csrf', t.badCsrf);
    return null;
  }

  function show(c: Context<WebEnv>, state?: FormState) {
    const f = formatterFor(readerOf(c), zone);
    const view = sreView({ db: deps.database.db, config: deps.config }, deps.clock());
    c.header('Cache-Control', 'no-store');
    return c.html(
      renderSrePage({
        f,
        cssHref: site.stylesheet.href,
        signedIn: signedInOf(c)!,
        environments: deps.config.environments.map((environment) => ({ id: environment.id, name: environment.name })),
        windows: view.windows,
        outages: view.outages,
        reasons: EXCLUSION_REASONS,
        saved: c.req.query('saved') === '1',
        state,
      }),
      state ? 400 : 200,
    );
  }

  /** Runs a registry write; a refusal (bad field, conflict) shows the form again with its problems. */
  function attempt(c: Context<WebEnv>, form: FormState['form'], values: FormValues, write: () => void, anchor: string) {
    try {
      write();
    } catch (error) {
      if (error instanceof z.ZodError) return show(c, { form, values, problems: fromZodError(error).fields });
      if (error instanceof ApiError && error.status < 500) {
        return show(c, { form, values, problems: error.fields.length > 0 ? error.fields : [{ field: '(form)', message: error.message }] });
      }
      throw error;
    }
    site.snapshots.invalidate();
    return c.redirect(`/sre?saved=1#${anchor}`, 303);
  }

  const writer = (c: Context<WebEnv>) => ({ actor: c.get('actor')!.name, now: deps.clock() });

  routes.get('/sre', page, session, (c) => gate(c) ?? show(c));

  routes.post('/sre/maintenance', page, session, async (c) => {
    const values = textValues(await c.req.parseBody({ all: true }));
    const denied = gate(c, values);
    if (denied) return denied;
    return attempt(c, 'maintenance', values, () => {
      const body = {
        environments: list(values, 'environments'),
        impact: text(values, 'impact') ?? '',
        start: localTime(values, 'start', zone),
        end: localTime(values, 'end', zone),
        ...(text(values, 'noticeSentAt') ? { noticeSentAt: localTime(values, 'noticeSentAt', zone) } : {}),
        ...(text(values, 'noticeRef') ? { noticeRef: text(values, 'noticeRef') } : {}),
      };
      registerWindow(registry, createWindowSchema.parse(body), writer(c));
    }, 'windows-title');
  });

  routes.post('/sre/maintenance/:id/cancel', page, session, async (c) => {
    const values = textValues(await c.req.parseBody({ all: true }));
    const denied = gate(c, values);
    if (denied) return denied;
    const id = pathId(c.req.param('id'));
    return attempt(c, `cancel-${id}`, values, () => {
      cancelWindow(registry, id, cancelWindowSchema.parse({ reason: text(values, 'reason') ?? '' }), writer(c));
    }, 'windows-title');
  });

  routes.post('/sre/outages/:id/exclusions', page, session, async (c) => {
    const values = textValues(await c.req.parseBody({ all: true }));
    const denied = gate(c, values);
    if (denied) return denied;
    const id = pathId(c.req.param('id'));
    return attempt(c, `exclude-${id}`, values, () => {
      const body = {
        reason: text(values, 'reason'),
        justification: text(values, 'justification') ?? '',
        ...(text(values, 'start') ? { start: localTime(values, 'start', zone) } : {}),
        ...(text(values, 'end') ? { end: localTime(values, 'end', zone) } : {}),
      };
      excludeOutage({ db: deps.database.db }, id, createExclusionSchema.parse(body), writer(c));
    }, `outage-${id}`);
  });

  return routes;
}
