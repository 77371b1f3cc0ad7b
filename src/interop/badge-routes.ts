import { Hono, type Context } from 'hono';
import type { AppEnv } from '../server/app.ts';
import { badRequest, notFound } from '../server/api-error.ts';
import { monthlyReport } from '../reports/monthly-reports.ts';
import { parseMonth } from '../reports/month.ts';
import { documentSecurityHeaders } from '../web/security-headers.ts';
import { formatterFor, readerOf, type Site } from '../web/site.ts';
import type { EnvironmentState } from '../web/public-view/types.ts';
import { availabilityBadge } from './availability-badge.ts';
import { renderBadge, type BadgeColour } from './badge-svg.ts';

const STATE_COLOUR: Record<EnvironmentState, BadgeColour> = {
  operational: 'green',
  degraded: 'yellow',
  partial_outage: 'orange',
  major_outage: 'red',
  maintenance: 'blue',
  unknown: 'grey',
};

function svg(c: Context, body: string) {
  c.header('Content-Type', 'image/svg+xml; charset=utf-8');
  c.header('Cache-Control', 'public, max-age=60');
  c.header('Access-Control-Allow-Origin', '*');
  return c.body(body);
}

/** SVG badges of public production environments; any other name is a 404. */
export function badgeRoutes(site: Site) {
  const routes = new Hono<AppEnv>();
  const headers = documentSecurityHeaders();

  routes.get('/badge/:environment/status.svg', headers, async (c) => {
    const reader = readerOf(c);
    const id = c.req.param('environment');
    const cached = await site.snapshots.get();
    const environment = cached.value.environments.find((candidate) => candidate.id === id);
    if (!environment) throw notFound(`public environment "${id}"`);
    const f = formatterFor(reader, cached.value.timeZone);
    return svg(c, cached.derive(`badge:status:${id}:${reader.language}`, () => renderBadge({ label: environment.name, value: f.t.envState[environment.state], colour: STATE_COLOUR[environment.state] })));
  });

  routes.get('/badge/:environment/availability.svg', headers, async (c) => {
    const reader = readerOf(c);
    const id = c.req.param('environment');
    const cached = await site.snapshots.get();
    const environment = cached.value.environments.find((candidate) => candidate.id === id);
    if (!environment) throw notFound(`public environment "${id}"`);
    const { deps } = site;
    const now = cached.value.generatedAt;
    const requested = c.req.query('month');
    const parsed = requested === undefined ? { ok: true as const, month: deps.calendars.default.monthOf(now) } : parseMonth(requested);
    if (!parsed.ok) throw badRequest('month', parsed.message);
    const monthText = parsed.month;
    const f = formatterFor(reader, cached.value.timeZone);
    // The month's figure comes from the app's bounded report worker, never this thread.
    const body = await cached.deriveAsync(`badge:availability:${id}:${monthText}:${reader.locale}`, async () => {
      const figure = (await monthlyReport(deps, { month: monthText, publicOnly: true })).environments.find((candidate) => candidate.id === id);
      if (!figure) return renderBadge({ label: `${environment.name} ${monthText}`, value: '—', colour: 'grey' });
      return availabilityBadge({ f, label: `${environment.name} ${monthText}`, figure, target: deps.config.target, coverageMinimum: deps.config.coverageMinimum });
    });
    return svg(c, body);
  });

  return routes;
}
