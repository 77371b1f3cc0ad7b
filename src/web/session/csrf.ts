import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { isHttps } from './session-middleware.ts';

// CSRF defence of every form:
// - signed in: the session's own token in a hidden field (synchronizer token);
// - the sign-in form (no session yet): a random value both in a SameSite=Strict cookie and in
//   the hidden field (double submit), so another site cannot sign a browser in as someone else;
// - and, when the browser sends Origin, it must be this site.

export const SIGN_IN_CSRF_COOKIE = 'veille_signin_csrf';

export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined || origin === 'null') return origin === undefined;
  const host = c.req.header('host');
  try {
    const url = new URL(origin);
    return host !== undefined ? url.host === host : url.origin === new URL(c.req.url).origin;
  } catch {
    return false;
  }
}

/** A fresh double-submit value for the sign-in form, set as its cookie. */
export function issueSignInCsrf(c: Context): string {
  const value = randomBytes(24).toString('base64url');
  setCookie(c, SIGN_IN_CSRF_COOKIE, value, { path: '/sign-in', httpOnly: true, sameSite: 'Strict', secure: isHttps(c), maxAge: 3600 });
  return value;
}

export function signInCsrfValid(c: Context, field: string | undefined): boolean {
  return sameOrigin(c) && sameToken(getCookie(c, SIGN_IN_CSRF_COOKIE), field);
}
