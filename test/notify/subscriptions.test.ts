import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertWindow } from '../../src/maintenance/window-store.ts';
import { createSenders } from '../../src/notify/channels/index.ts';
import { createDeliveryWorker, type DeliveryWorker } from '../../src/notify/delivery-worker.ts';
import { createNotificationEvents } from '../../src/notify/events.ts';
import { instant } from '../../src/time/iso.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { notifyConfigYaml } from './support/notify-fixture.ts';
import { startSmtpReceiver, type SmtpReceiver } from './support/smtp-receiver.ts';

let smtp: SmtpReceiver;
let t: TestApp;
let worker: DeliveryWorker;

beforeEach(async () => {
  smtp = await startSmtpReceiver();
  t = createTestApp({ configYaml: notifyConfigYaml({ smtpPort: smtp.port }), now: '2026-11-16T12:00:00-05:00' });
  const senders = createSenders(t.config.notifications, { timeoutMs: 3_000, clock: t.now });
  worker = createDeliveryWorker({ store: t.deps.database.store, config: t.config, senders, clock: t.now });
});
afterEach(async () => {
  t.close();
  await smtp.close();
});

const count = (table: string) => (t.deps.database.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

async function form(path: string, fields: Record<string, string>, query = '') {
  const response = await t.app.request(`${path}${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

function tokenIn(text: string, path: string): string {
  const match = new RegExp(`https://status\\.aidi\\.example${path}\\?token=([A-Za-z0-9_-]+)`).exec(text);
  if (!match) throw new Error(`no ${path} link in:\n${text}`);
  return match[1]!;
}

async function announceWindow(start: string): Promise<void> {
  const events = createNotificationEvents({ config: t.config, calendars: t.deps.calendars });
  await t.deps.database.store.transaction(async (tx) => {
    const windowId = await insertWindow(tx, {
      impact: 'Mise à jour / upgrade',
      environmentIds: ['acme-prod'],
      createdBy: 'sre',
      createdAt: t.now(),
      version: { start: instant(start), end: instant(start) + 3_600_000, noticeSentAt: t.now(), noticeRef: null, recordedAt: t.now(), recordedBy: 'sre', changeReason: null },
    });
    await events.windowRegistered(tx, { windowId, notify: false }, t.now());
  });
}

describe('public e-mail subscriptions', () => {
  it('a bad address gets a clear message naming the field, and nothing is stored', async () => {
    for (const email of ['not an address', 'ops@acme', 'a@b.example\r\nBcc: x@evil.example', '']) {
      const answer = await t.call('POST', '/api/v1/subscriptions', { body: { email } });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('invalid_input');
      expect(answer.body.error.message).toMatch(/^email: /);
    }
    const page = await form('/subscriptions', { email: 'jeanne@localhost', language: 'fr' });
    expect(page.status).toBe(400);
    // The French side says it in French, with French punctuation.
    expect(page.html).toContain('Adresse courriel : « jeanne@localhost » n’est pas une adresse courriel : « localhost » n’est pas un nom de domaine');
    expect(page.html).toContain('value="jeanne@localhost"');
    for (const [email, french] of [
      ['', 'Adresse courriel : obligatoire'],
      ['jeanne', 'Adresse courriel : « jeanne » n’est pas une adresse courriel comme ops@example.com'],
      ['je anne@example.org', 'Adresse courriel : « je anne@example.org » n’est pas une adresse courriel : la partie avant @ n’est pas valide'],
      [`${'a'.repeat(250)}@example.org`, 'Adresse courriel : compte plus de 254 caractères'],
    ] as const) {
      expect((await form('/subscriptions', { email, language: 'fr' })).html, email).toContain(french);
    }
    const english = await form('/subscriptions', { email: 'jeanne@localhost', language: 'en' });
    expect(english.html).toContain('E-mail address: &quot;jeanne@localhost&quot; is not an e-mail address: &quot;localhost&quot; is not a domain name');
    expect([count('subscriptions'), count('notification_outbox')]).toEqual([0, 0]);
  });

  it('double opt-in: nothing but the confirmation until the link is used, then notices with a one-click way out', async () => {
    const answer = await t.call('POST', '/api/v1/subscriptions', { body: { email: 'Lea@Example.org', language: 'en' } });
    expect(answer.status).toBe(202);
    await announceWindow('2026-11-25T22:00:00-05:00');
    await worker.runOnce();
    expect(smtp.messages.map((m) => [m.rcptTo[0], m.subject])).toEqual([['lea@example.org', 'Confirm your subscription to service notices']]);

    const confirmToken = tokenIn(smtp.messages[0]!.text, '/subscriptions/confirm');
    const landing = await t.app.request(`/subscriptions/confirm?token=${confirmToken}`);
    expect(landing.status).toBe(200);
    expect(landing.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await landing.text()).toContain(`name="token" value="${confirmToken}"`);
    // Opening the link changes nothing by itself (mail scanners follow links).
    expect(t.deps.database.sqlite.prepare('select status from subscriptions').get()).toEqual({ status: 'pending' });
    const confirmed = await form('/subscriptions/confirm', { token: confirmToken, language: 'en' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.html).toContain('Your subscription is confirmed.');
    expect((await t.call('POST', '/api/v1/subscriptions/confirm', { body: { token: confirmToken } })).status).toBe(404);

    await announceWindow('2026-11-26T22:00:00-05:00');
    await worker.runOnce();
    const notice = smtp.messages[1]!;
    expect(notice.rcptTo).toEqual(['lea@example.org']);
    expect(notice.subject).toMatch(/^Scheduled maintenance — Acme Construction — Thursday 26 November 2026, 22:00/);
    const unsubscribeToken = tokenIn(notice.text, '/subscriptions/unsubscribe');
    expect(notice.headers.get('list-unsubscribe')).toEqual([`<https://status.aidi.example/api/v1/subscriptions/unsubscribe?token=${unsubscribeToken}>`]);
    expect(notice.headers.get('list-unsubscribe-post')).toEqual(['List-Unsubscribe=One-Click']);

    const oneClick = await form('/api/v1/subscriptions/unsubscribe', { 'List-Unsubscribe': 'One-Click' }, `?token=${unsubscribeToken}`);
    expect(oneClick.status).toBe(200);
    await announceWindow('2026-11-27T22:00:00-05:00');
    await worker.runOnce();
    expect(smtp.messages).toHaveLength(2);
  });

  it('asking again does not flood an address, and the answer never tells whether it is subscribed', async () => {
    for (let i = 0; i < 3; i++) expect((await t.call('POST', '/api/v1/subscriptions', { body: { email: 'lea@example.org' } })).status).toBe(202);
    await worker.runOnce();
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.subject).toBe('Confirmez votre abonnement aux avis de service');
    t.setNow('2026-11-16T13:00:01-05:00');
    expect((await t.call('POST', '/api/v1/subscriptions', { body: { email: 'lea@example.org' } })).status).toBe(202);
    await worker.runOnce();
    expect(smtp.messages).toHaveLength(2);
    // The first link was replaced by the second.
    const first = tokenIn(smtp.messages[0]!.text, '/subscriptions/confirm');
    expect((await t.call('POST', '/api/v1/subscriptions/confirm', { body: { token: first } })).status).toBe(404);
  });

  it('an expired confirmation link is refused', async () => {
    await t.call('POST', '/api/v1/subscriptions', { body: { email: 'lea@example.org' } });
    await worker.runOnce();
    t.setNow('2026-11-23T12:00:01-05:00');
    const token = tokenIn(smtp.messages[0]!.text, '/subscriptions/confirm');
    expect((await t.call('POST', '/api/v1/subscriptions/confirm', { body: { token } })).status).toBe(404);
  });

  it('without SMTP and a public URL there are no subscriptions: 503 pointing to the feed', async () => {
    const bare = createTestApp();
    try {
      const answer = await bare.call('POST', '/api/v1/subscriptions', { body: { email: 'lea@example.org' } });
      expect(answer.status).toBe(503);
      expect(answer.body.error.message).toMatch(/Atom feed/);
      const page = await bare.app.request('/subscriptions', { method: 'POST', body: new URLSearchParams({ email: 'lea@example.org', language: 'fr' }) });
      expect(page.status).toBe(503);
      expect(await page.text()).toContain('Les abonnements par courriel ne sont pas offerts ici : suivez plutôt le flux Atom.');
    } finally {
      bare.close();
    }
  });
});
