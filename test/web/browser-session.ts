// Signing in through the form, in-process: the cookie jar a browser would keep.
import type { TestApp } from '../support/test-app.ts';
import type { Role } from '../../src/auth/roles.ts';

export interface Jar {
  cookies: Map<string, string>;
  header(): string;
}

export function newJar(): Jar {
  const cookies = new Map<string, string>();
  return {
    cookies,
    header: () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
  };
}

export function keepCookies(jar: Jar, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(';');
    const [name, value] = pair!.split('=') as [string, string];
    const expired = attributes.some((attribute) => /max-age=0/i.test(attribute.trim()) || /expires=thu, 01 jan 1970/i.test(attribute.trim()));
    if (expired || value === '') jar.cookies.delete(name.trim());
    else jar.cookies.set(name.trim(), value);
  }
}

export async function browse(
  t: TestApp,
  jar: Jar,
  path: string,
  init: { method?: string; form?: Record<string, string | string[]>; headers?: Record<string, string>; remoteAddress?: string } = {},
) {
  const headers: Record<string, string> = { cookie: jar.header(), ...init.headers };
  let body: string | undefined;
  if (init.form) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(init.form)) for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
    body = params.toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  // The socket's peer, as @hono/node-server hands it to the app; absent, the request is in-process.
  const env = init.remoteAddress ? { incoming: { socket: { remoteAddress: init.remoteAddress } } } : undefined;
  const response = await t.app.request(path, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, ...(body !== undefined ? { body } : {}) }, env);
  keepCookies(jar, response);
  return { response, text: await response.text() };
}

/** The value of a hidden field named `name` in a page. */
export function hiddenField(html: string, name: string): string {
  const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no hidden field ${name}`);
  return match[1]!;
}

/** Signs in with a new token of `role` through the sign-in form; returns the jar and the session's CSRF token. */
export async function signIn(t: TestApp, role: Role, name = `${role}-browser`) {
  const jar = newJar();
  const form = await browse(t, jar, '/sign-in?next=/reports');
  const csrf = hiddenField(form.text, 'csrf');
  const result = await browse(t, jar, '/sign-in', { form: { token: t.token(role, name), csrf, next: '/reports' } });
  if (result.response.status !== 303) throw new Error(`sign-in failed: ${result.response.status} ${result.text.slice(0, 300)}`);
  const month = (await browse(t, jar, '/reports')).response.headers.get('location')!;
  const page = await browse(t, jar, month);
  const sessionCsrf = /<input type="hidden" name="csrf" value="([^"]*)"/.exec(page.text)?.[1] ?? '';
  return { jar, csrf: sessionCsrf };
}
