import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AuthVariables } from '../../auth/middleware.ts';
import type { AppDeps } from '../../server/deps.ts';
import { findSession, type Session } from './session-store.ts';

export const SESSION_COOKIE = 'veille_session';

export type WebVariables = AuthVariables & { session: Session | null };
export type WebEnv = { Variables: WebVariables };

/** Cookies are marked Secure when the request came over HTTPS (directly or through a proxy). */
export function isHttps(c: Context): boolean {
  return c.req.header('x-forwarded-proto') === 'https' || new URL(c.req.url).protocol === 'https:';
}

/**
 * Recognises the signed-in browser on the routes it is attached to (the management pages and
 * the CSV export only: the JSON API takes bearer tokens and no cookie, so it needs no CSRF
 * defence). A bearer token given with the request keeps precedence.
 */
export function sessionActor(deps: AppDeps) {
  return createMiddleware<WebEnv>(async (c, next) => {
    const secret = getCookie(c, SESSION_COOKIE);
    const session = secret ? await findSession(deps.database.store, secret, deps.clock()) : null;
    c.set('session', session);
    if (session && c.get('actor') === null) c.set('actor', session.actor);
    await next();
  });
}

export function setSessionCookie(c: Context, secret: string, maxAgeMs: number): void {
  setCookie(c, SESSION_COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'Strict', secure: isHttps(c), maxAge: Math.floor(maxAgeMs / 1000) });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
}
