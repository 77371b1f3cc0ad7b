import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeSenders, createSenders } from '../../src/notify/channels/index.ts';
import { createDeliveryWorker, type DeliveryWorker } from '../../src/notify/delivery-worker.ts';
import { createNotificationEvents, type NotificationEvents } from '../../src/notify/events.ts';
import { createApp } from '../../src/server/app.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { notifyConfigYaml } from './support/notify-fixture.ts';
import { startSmtpReceiver, type SmtpReceiver } from './support/smtp-receiver.ts';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';

// Outages recorded by hand through the API tell the team as probe outages do, saying who
// recorded (and ended) them; told once per outage, like the others.

let smtp: SmtpReceiver;
let hook: WebhookReceiver;
let slack: WebhookReceiver;
let t: TestApp;
let events: NotificationEvents;
let app: ReturnType<typeof createApp>;
let worker: DeliveryWorker;
let senders: ReturnType<typeof createSenders>;

beforeEach(async () => {
  smtp = await startSmtpReceiver();
  hook = await startWebhookReceiver();
  slack = await startWebhookReceiver();
  t = createTestApp({ configYaml: notifyConfigYaml({ smtpPort: smtp.port, webhookUrl: hook.url, slackUrl: slack.url }), now: '2026-11-16T12:00:00-05:00' });
  events = createNotificationEvents({ config: t.config, calendars: t.deps.calendars });
  app = createApp({ ...t.deps, notifications: events });
  senders = createSenders(t.config.notifications, { timeoutMs: 3_000, clock: t.now });
  worker = createDeliveryWorker({ store: t.deps.database.store, config: t.config, senders, clock: t.now });
});
afterEach(async () => {
  closeSenders(senders);
  t.close();
  await Promise.all([smtp.close(), hook.close(), slack.close()]);
});

async function call(token: string, path: string, body: unknown) {
  const response = await app.request(path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
}

const rows = (sql: string) => t.deps.database.sqlite.prepare(sql).all() as any[];
const hookPayloads = () => hook.requests.map((request) => JSON.parse(request.body));

describe('manual outages tell the team', () => {
  it('recording one sends the outage alert to every routed channel, saying it was recorded by hand and by whom', async () => {
    const alice = t.token('sre', 'alice');
    const created = await call(alice, '/api/v1/outages', { check: 'acme-web', start: '2026-11-16T11:40:00-05:00', reason: 'customers report 502s' });
    expect(created.status).toBe(201);
    expect(rows('select key, kind from notification_events')).toEqual([{ key: `outage-opened:${created.body.id}`, kind: 'outage_opened' }]);

    expect(await worker.runOnce()).toMatchObject({ sent: 3, failed: 0 });
    const [opened] = hookPayloads();
    expect(opened).toMatchObject({
      event: 'outage_opened',
      key: `outage-opened:${created.body.id}`,
      environments: ['acme-prod'],
      occurredAt: '2026-11-16T16:40:00.000Z',
      title: 'DOWN: Acme Construction (acme-prod) — acme-web down since 2026-11-16 11:40 EST (recorded by hand by alice)',
      details: { source: 'manual', recordedBy: 'alice' },
    });
    expect(opened.text).toContain('Reason: customers report 502s');
    expect(opened.text).toContain('Outage recorded by hand by alice.');
    expect(JSON.parse(slack.requests[0]!.body).text).toContain('Panne saisie manuellement par alice.');
    expect(smtp.messages.map((m) => [m.rcptTo, m.subject])).toEqual([[['sre@aidi.example'], `[veille] ${opened.title}`]]);

    // Ended by someone else: the closing alert names both, and does not claim the check answered.
    t.setNow('2026-11-16T12:10:00-05:00');
    const bob = t.token('sre', 'bob');
    const closed = await call(bob, `/api/v1/outages/${created.body.id}/close`, { end: '2026-11-16T12:05:00-05:00', reason: 'fixed' });
    expect(closed.status).toBe(200);
    expect(await worker.runOnce()).toMatchObject({ sent: 3, failed: 0 });
    const ended = hookPayloads()[1];
    expect(ended).toMatchObject({
      event: 'outage_closed',
      key: `outage-closed:${created.body.id}`,
      title: 'ENDED: Acme Construction (acme-prod) — outage of acme-web recorded by hand (down for 25 min)',
      details: { source: 'manual', recordedBy: 'alice', closedBy: 'bob', end: '2026-11-16T17:05:00.000Z' },
    });
    expect(ended.text).toContain('Outage recorded by hand by alice, ended by bob.');
    expect(ended.text).not.toMatch(/RECOVERED|answering again/);
    expect(JSON.parse(slack.requests[1]!.body).text).toContain('TERMINÉE : Acme Construction (acme-prod) — panne de acme-web saisie manuellement (durée 25 min)');
  });

  it('one recorded with its end tells opening and end at once, and a replay of either sends nothing twice', async () => {
    const alice = t.token('sre', 'alice');
    const created = await call(alice, '/api/v1/outages', { check: 'acme-login', start: '2026-11-16T09:00:00-05:00', end: '2026-11-16T09:30:00-05:00', reason: 'login broken, seen by support' });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    expect(rows('select key from notification_events order by id').map((row) => row.key)).toEqual([`outage-opened:${id}`, `outage-closed:${id}`]);

    await t.deps.database.store.transaction((tx) => events.outageOpened(tx, { outageId: id }, t.now()));
    await t.deps.database.store.transaction((tx) => events.outageClosed(tx, { outageId: id, closedBy: 'alice' }, t.now()));
    expect(rows('select count(*) as n from notification_outbox')[0].n).toBe(6);

    expect(await worker.runOnce()).toMatchObject({ sent: 6, failed: 0 });
    expect(hookPayloads().map((payload) => payload.title)).toEqual([
      'DOWN: feature login — acme-login down since 2026-11-16 09:00 EST (recorded by hand by alice)',
      'ENDED: feature login — outage of acme-login recorded by hand (down for 30 min)',
    ]);
    expect(hookPayloads()[1].text).toContain('Outage recorded by hand by alice, ended by alice.');
  });

  it('a refused outage tells nobody, and without a notifier the outage is recorded all the same', async () => {
    const sre = t.token('sre', 'alice');
    const future = await call(sre, '/api/v1/outages', { check: 'acme-web', start: '2026-11-16T13:00:00-05:00', reason: 'x' });
    expect(future.status).toBe(400);
    expect(rows('select count(*) as n from notification_events')[0].n).toBe(0);

    const bare = await t.call('POST', '/api/v1/outages', { token: sre, body: { check: 'acme-web', start: '2026-11-16T11:00:00-05:00', reason: 'x' } });
    expect(bare.status).toBe(201);
    expect(rows('select count(*) as n from outages')[0].n).toBe(1);
    expect(rows('select count(*) as n from notification_events')[0].n).toBe(0);
  });
});
