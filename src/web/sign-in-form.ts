import type { Context } from 'hono';
import { renderSignInPage } from '../../status-page/render.tsx';
import { issueSignInCsrf } from './session/csrf.ts';
import type { WebEnv } from './session/session-middleware.ts';
import { formatterFor, readerOf, type Site } from './site.ts';

/**
 * The sign-in form leading to `next`. Also what a signed-in reader whose role is too low gets
 * on a page (403): the same form, to sign in with another token, rather than a dead end.
 */
export function signInForm(site: Site, c: Context<WebEnv>, next: string, error?: string, status: 200 | 401 | 403 | 429 = 200) {
  const f = formatterFor(readerOf(c), site.deps.calendars.default.timeZone);
  c.header('Cache-Control', 'no-store');
  return c.html(renderSignInPage(f, site.stylesheet.href, { csrf: issueSignInCsrf(c), next, error }), status);
}
