import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { emailProblem } from '../config/notifications-schema.ts';
import type { Language } from '../config/types.ts';
import type { AppEnv } from '../server/app.ts';
import { ApiError, badRequest, notFound } from '../server/api-error.ts';
import type { AppDeps } from '../server/deps.ts';
import { parseJsonBody } from '../server/parse-input.ts';
import { loadStylesheet } from '../web/static-assets.ts';
import { pageSecurityHeaders } from '../web/security-headers.ts';
import { actionPage, messagePage, subscribePage, subscriptionTexts } from './subscription-pages.ts';
import { problemMessageFr } from '../../status-page/i18n/problems-fr.ts';
import { clientAddress } from '../server/client-address.ts';
import { retryAfterSeconds } from '../server/rate-limit.ts';
import { mailboxKey } from './mailbox.ts';
import { createSubscriptionLimits } from './subscription-limits.ts';
import { confirm, subscribe, unsubscribe } from './subscription-service.ts';

// Public subscriptions: a JSON API under /api/v1/subscriptions and a few HTML pages under
// /subscriptions for people coming from the status page or from an e-mail link. Mounted at '/':
// middleware is attached per route (a wildcard here would run in front of other areas' routes).

const LANGUAGE = z.enum(['fr', 'en']);

/** The address check of the configuration, with the message a person can act on. */
const emailInput = z.string({ error: 'is required' }).transform((text, ctx) => {
  const trimmed = text.trim();
  const problem = trimmed === '' ? 'is required' : emailProblem(trimmed);
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }
  return trimmed;
});

export const subscribeBody = z.strictObject({ email: emailInput, language: LANGUAGE.default('fr') });
export const tokenBody = z.strictObject({ token: z.string() });

export function subscriptionRoutes(deps: AppDeps) {
  const routes = new Hono<AppEnv>();
  const service = () => ({ store: deps.database.store, config: deps.config });
  const stylesheet = loadStylesheet();
  const limits = createSubscriptionLimits(deps.clock);
  /** A subscription within the limits (subscription-limits.ts); the wait in ms when over them. */
  const limitedSubscribe = async (c: Context, input: { email: string; language: Language }): Promise<number> => {
    const wait = limits.admit(clientAddress(c, deps.config.http.trustedProxies));
    if (wait > 0) {
      c.header('Retry-After', retryAfterSeconds(wait));
      return wait;
    }
    const mailbox = mailboxKey(input.email);
    if ((await subscribe(service(), { ...input, mayMail: limits.mayMail(mailbox) }, deps.clock())) === 'queued') limits.mailed(mailbox);
    return 0;
  };
  const page = (c: Context, html: string, status: 200 | 400 | 404 | 429 | 503 = 200) => c.html(html, status);
  const languageOf = (c: Context, fallback?: unknown): Language => {
    const asked = LANGUAGE.safeParse(c.req.query('lang') ?? fallback);
    if (asked.success) return asked.data;
    return /^en\b/i.test(c.req.header('accept-language') ?? '') ? 'en' : 'fr';
  };

  routes.post('/api/v1/subscriptions', async (c) => {
    const input = await parseJsonBody(c, subscribeBody);
    const wait = await limitedSubscribe(c, input);
    if (wait > 0) throw new ApiError(429, 'too_many_requests', `too many subscription requests; try again in ${retryAfterSeconds(wait)} s`);
    return c.json({ status: 'confirmation_sent', message: 'if this address can receive notices, a confirmation e-mail is on its way; open its link to confirm' }, 202);
  });

  routes.post('/api/v1/subscriptions/confirm', async (c) => {
    const { token } = await parseJsonBody(c, tokenBody);
    if ((await confirm(service(), token, deps.clock())) === 'invalid') throw notFound('subscription for this token (invalid or expired link)');
    return c.json({ status: 'active' });
  });

  // Also RFC 8058 one-click: mail clients POST `List-Unsubscribe=One-Click` to the URL of the header.
  routes.post('/api/v1/subscriptions/unsubscribe', async (c) => {
    let token: unknown = c.req.query('token');
    if (token === undefined) {
      const type = c.req.header('content-type') ?? '';
      token = type.includes('application/json') ? (await parseJsonBody(c, tokenBody)).token : (await c.req.parseBody()).token;
    }
    if (token === undefined) throw badRequest('token', 'is required');
    if ((await unsubscribe(service(), token, deps.clock())) === 'invalid') throw notFound('subscription for this token');
    return c.json({ status: 'unsubscribed' });
  });

  routes.get('/subscriptions', pageSecurityHeaders(), (c) => page(c, subscribePage({ language: languageOf(c), cssHref: stylesheet.href })));

  routes.post('/subscriptions', pageSecurityHeaders(), async (c) => {
    const form = await c.req.parseBody();
    const language = languageOf(c, form.language);
    const email = typeof form.email === 'string' ? form.email : '';
    const parsed = emailInput.safeParse(email);
    if (!parsed.success) {
      const problem = parsed.error.issues[0]!.message;
      const message = language === 'fr' ? `${subscriptionTexts('fr').email} : ${problemMessageFr(problem) ?? problem}` : `${subscriptionTexts('en').email}: ${problem}`;
      return page(c, subscribePage({ language, cssHref: stylesheet.href, email, error: message }), 400);
    }
    try {
      const wait = await limitedSubscribe(c, { email: parsed.data, language });
      if (wait > 0) {
        const message = language === 'fr' ? `Trop de demandes d’abonnement ; réessayez dans ${Math.ceil(wait / 60_000)} min.` : `Too many subscription requests; try again in ${Math.ceil(wait / 60_000)} min.`;
        return page(c, subscribePage({ language, cssHref: stylesheet.href, email, error: message }), 429);
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 503) return page(c, subscribePage({ language, cssHref: stylesheet.href, email, error: subscriptionTexts(language).unavailable }), 503);
      throw error;
    }
    return page(c, messagePage({ language, cssHref: stylesheet.href, path: '/subscriptions', title: 'sentTitle', text: 'sent' }));
  });

  for (const action of ['confirm', 'unsubscribe'] as const) {
    routes.get(`/subscriptions/${action}`, pageSecurityHeaders(), (c) =>
      page(c, actionPage({ language: languageOf(c), cssHref: stylesheet.href, action, token: c.req.query('token') ?? '' })),
    );
    routes.post(`/subscriptions/${action}`, pageSecurityHeaders(), async (c) => {
      const form = await c.req.parseBody();
      const language = languageOf(c, form.language);
      const done = (action === 'confirm' ? await confirm(service(), form.token, deps.clock()) : await unsubscribe(service(), form.token, deps.clock())) !== 'invalid';
      const title = action === 'confirm' ? 'confirmTitle' : 'unsubscribeTitle';
      const text = done ? (action === 'confirm' ? 'confirmed' : 'unsubscribed') : 'invalid';
      return page(c, messagePage({ language, cssHref: stylesheet.href, path: `/subscriptions/${action}`, title, text }), done ? 200 : 404);
    });
  }
  return routes;
}
