import type { Context } from 'hono';
import { z } from 'zod';
import { roleAtLeast } from '../../auth/roles.ts';
import { ApiError, fromZodError, type FieldProblem } from '../../server/api-error.ts';
import { sameOrigin, sameToken } from '../session/csrf.ts';
import type { WebEnv } from '../session/session-middleware.ts';
import { signInForm } from '../sign-in-form.ts';
import { formatterFor, readerOf, type Site } from '../site.ts';
import { text, type FormValues } from './form-values.ts';

// What every SRE form route does around the registry's services: who may use it, and what a
// refusal looks like (the same form again, with its problems).

export function sreConsole(site: Site) {
  const { deps } = site;
  const zone = deps.calendars.default.timeZone;

  /**
   * A signed-in SRE (else a redirect to sign in, or the sign-in form for another token), with
   * the form's CSRF token checked on posts. `next`: where signing in leads back to.
   */
  function gate(c: Context<WebEnv>, form: FormValues | undefined, next: string): Response | null {
    const actor = c.get('actor');
    const f = formatterFor(readerOf(c), zone);
    if (!actor || !c.get('session')) return c.redirect(`/sign-in?next=${encodeURIComponent(next)}`, 303);
    if (!roleAtLeast(actor.role, 'sre')) return signInForm(site, c, next, f.t.sreRefused(actor.name, actor.role), 403);
    if (form && (!sameOrigin(c) || !sameToken(c.get('session')!.csrf, text(form, 'csrf')))) throw new ApiError(403, 'csrf', f.t.badCsrf);
    return null;
  }

  /**
   * Runs a registry write and follows the address it returns; a refusal (bad field, conflict)
   * is shown by `again` with its problems. Anything else is a fault, for the error page.
   */
  async function attempt(c: Context<WebEnv>, write: () => string | Promise<string>, again: (problems: readonly FieldProblem[]) => Response | Promise<Response>) {
    let location: string;
    try {
      location = await write();
    } catch (error) {
      if (error instanceof z.ZodError) return again(fromZodError(error).fields);
      if (error instanceof ApiError && error.status < 500) return again(error.fields.length > 0 ? error.fields : [{ field: '(form)', message: error.message }]);
      throw error;
    }
    site.snapshots.invalidate();
    return c.redirect(location, 303);
  }

  const writer = (c: Context<WebEnv>) => ({ actor: c.get('actor')!.name, now: deps.clock() });

  return { zone, gate, attempt, writer };
}
