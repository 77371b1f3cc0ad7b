import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { roleAtLeast } from '../auth/roles.ts';
import { findActor } from '../auth/token-store.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { monthlyReport } from '../reports/monthly-reports.ts';
import { parseMonth } from '../reports/month.ts';
import { ApiError, badRequest } from '../server/api-error.ts';
import { renderReportPage } from '../../status-page/render.tsx';
import { cleanText } from '../../status-page/components/safe-text.tsx';
import { htmlErrorHandler } from './html-errors.ts';
import { buildReportView } from './report/report-view.ts';
import { reportCsv } from './report/report-csv.ts';
import { documentSecurityHeaders, pageSecurityHeaders } from './security-headers.ts';
import { clientAddress } from '../server/client-address.ts';
import { retryAfterSeconds } from '../server/rate-limit.ts';
import { sameOrigin, sameToken, signInCsrfValid } from './session/csrf.ts';
import { createSignInThrottle, tokenPrefix } from './session/sign-in-throttle.ts';
import { SESSION_COOKIE, clearSessionCookie, sessionActor, setSessionCookie, type WebEnv } from './session/session-middleware.ts';
import { createSession, deleteSession } from './session/session-store.ts';
import { signInForm as signInPage } from './sign-in-form.ts';
import { formatterFor, readerOf, type Site } from './site.ts';

/** Only paths of this site are followed after sign-in (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : '/reports';
}

export function signedInOf(c: Context<WebEnv>) {
  const session = c.get('session');
  return session ? { name: cleanText(session.actor.name), role: session.actor.role, csrf: session.csrf } : undefined;
}

/** Sign-in and sign-out, the management report pages, and the report's CSV export. */
export function managementRoutes(site: Site) {
  const { deps } = site;
  const routes = new Hono<WebEnv>();
  const page = pageSecurityHeaders();
  const session = sessionActor(deps);
  const throttle = createSignInThrottle(deps.clock);
  routes.onError(htmlErrorHandler(site));

  const signInForm = (c: Context<WebEnv>, next: string, error?: string, status: 200 | 401 | 403 | 429 = 200) => signInPage(site, c, next, error, status);

  routes.get('/sign-in', page, (c) => signInForm(c, safeNext(c.req.query('next'))));

  routes.post('/sign-in', page, async (c) => {
    const form = await c.req.parseBody();
    const next = safeNext(form.next);
    const t = formatterFor(readerOf(c), deps.calendars.default.timeZone).t;
    if (!signInCsrfValid(c, typeof form.csrf === 'string' ? form.csrf : undefined)) return signInForm(c, next, t.badCsrf, 403);
    const secret = typeof form.token === 'string' ? form.token.trim() : '';
    const address = clientAddress(c, deps.config.http.trustedProxies);
    const wait = throttle.wait(address, secret);
    if (wait > 0) {
      c.header('Retry-After', retryAfterSeconds(wait));
      return signInForm(c, next, t.tooManySignIns(Math.ceil(wait / 60_000)), 429);
    }
    const { store } = deps.database;
    const actor = secret ? await findActor(store, secret) : null;
    const now = deps.clock();
    if (!actor) {
      throttle.failed(address, secret);
      const failed = { at: now, actor: 'anonymous', action: 'session.sign-in-failed', target: `address:${address}`, details: { tokenPrefix: tokenPrefix(secret) } };
      await store.transaction((tx) => recordAudit(tx, failed));
      return signInForm(c, next, t.badToken, 401);
    }
    const created = await store.transaction(async (tx) => {
      const made = await createSession(tx, actor.tokenId, now);
      await recordAudit(tx, { at: now, actor: actor.name, action: 'session.sign-in', target: `token:${actor.tokenId}` });
      return made;
    });
    setSessionCookie(c, created.secret, created.expiresAt - now);
    return c.redirect(next, 303);
  });

  routes.post('/sign-out', page, session, async (c) => {
    const form = await c.req.parseBody();
    const current = c.get('session');
    if (!current || !sameOrigin(c) || !sameToken(current.csrf, typeof form.csrf === 'string' ? form.csrf : undefined)) {
      throw new ApiError(403, 'csrf', formatterFor(readerOf(c), deps.calendars.default.timeZone).t.badCsrf);
    }
    const now = deps.clock();
    await deps.database.store.transaction(async (tx) => {
      await deleteSession(tx, getCookie(c, SESSION_COOKIE)!);
      await recordAudit(tx, { at: now, actor: current.actor.name, action: 'session.sign-out', target: `token:${current.actor.tokenId}` });
    });
    clearSessionCookie(c);
    return c.redirect('/', 303);
  });

  routes.get('/reports', page, (c) => c.redirect(`/reports/${deps.calendars.default.monthOf(deps.clock())}`, 303));

  routes.get('/reports/:month', page, session, async (c) => {
    const actor = c.get('actor');
    if (!actor) return c.redirect(`/sign-in?next=${encodeURIComponent(c.req.path)}`, 303);
    const month = parseMonth(c.req.param('month'));
    if (!month.ok) throw badRequest('month', month.message);
    const view = await buildReportView(
      { store: deps.database.store, config: deps.config, calendars: deps.calendars },
      { month: month.month, now: deps.clock(), publicOnly: false },
      (one) => monthlyReport(deps, { month: one, publicOnly: false }),
    );
    const f = formatterFor(readerOf(c), view.report.timeZone);
    c.header('Cache-Control', 'no-store');
    return c.html(renderReportPage(f, view, site.stylesheet.href, signedInOf(c), roleAtLeast(actor.role, 'sre')));
  });

  return routes;
}

/** GET /api/v1/reports/monthly.csv; errors stay JSON, as everywhere under /api. */
export function reportCsvRoutes(site: Site) {
  const { deps } = site;
  const routes = new Hono<WebEnv>();
  const session = sessionActor(deps);
  // Same audience as GET /api/v1/reports/monthly: public environments for anyone, all for a
  // viewer (bearer token, or the browser's session for the page's download link).
  routes.get('/api/v1/reports/monthly.csv', documentSecurityHeaders(), session, async (c) => {
    const month = parseMonth(c.req.query('month'));
    if (!month.ok) throw badRequest('month', month.message);
    const report = await monthlyReport(deps, { month: month.month, publicOnly: c.get('actor') === null });
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="veille-report-${month.month}.csv"`);
    c.header('Cache-Control', 'no-store');
    return c.body(reportCsv(report));
  });

  return routes;
}
