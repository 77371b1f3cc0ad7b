import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanReminders } from '../../src/notify/alert-scan.ts';
import { createSenders } from '../../src/notify/channels/index.ts';
import { createDeliveryWorker, type DeliveryWorker } from '../../src/notify/delivery-worker.ts';
import { createNotificationEvents } from '../../src/notify/events.ts';
import { createApp } from '../../src/server/app.ts';
import { instant } from '../../src/time/iso.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { notifyConfigYaml } from './support/notify-fixture.ts';
import { startSmtpReceiver, type SmtpReceiver } from './support/smtp-receiver.ts';

// The registry's API with the notifier wired as the daemon wires it.

let smtp: SmtpReceiver;
let t: TestApp;
let app: ReturnType<typeof createApp>;
let worker: DeliveryWorker;
let sre: string;

beforeEach(async () => {
  smtp = await startSmtpReceiver();
  t = createTestApp({ configYaml: notifyConfigYaml({ smtpPort: smtp.port }), now: '2026-11-16T12:00:00-05:00' });
  app = createApp({ ...t.deps, notifications: createNotificationEvents({ config: t.config, calendars: t.deps.calendars }) });
  worker = createDeliveryWorker({ store: t.deps.database.store, config: t.config, senders: createSenders(t.config.notifications, { timeoutMs: 3_000, clock: t.now }), clock: t.now });
  sre = t.token('sre');
});
afterEach(async () => {
  t.close();
  await smtp.close();
});

async function call(method: string, path: string, body?: unknown) {
  const response = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${sre}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as any };
}

const WINDOW = { environments: ['acme-prod'], start: '2026-11-18T02:00:00-05:00', end: '2026-11-18T04:00:00-05:00', impact: 'Database upgrade' };

describe('POST /api/v1/maintenance with notify: true', () => {
  it('answers with a pending notice, which becomes the acceptance time and Message-IDs once e-mailed', async () => {
    const created = await call('POST', '/api/v1/maintenance', { ...WINDOW, notify: true });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ noticeSentAt: null, noticeStatus: 'pending', noticeRef: null });

    t.setNow('2026-11-16T12:00:03-05:00');
    await worker.runOnce();
    expect(smtp.messages).toHaveLength(2);
    const shown = await call('GET', `/api/v1/maintenance/${created.body.id}`);
    expect(shown.body).toMatchObject({ noticeSentAt: '2026-11-16T17:00:03.000Z', noticeStatus: 'sent' });
    expect(shown.body.noticeRef).toBe(smtp.messages.map((m) => m.headers.get('message-id')![0]).join(' '));
  });

  it('refuses notify with a notice given by hand, naming the field', async () => {
    const answer = await call('POST', '/api/v1/maintenance', { ...WINDOW, notify: true, noticeSentAt: '2026-11-16T11:00:00-05:00', noticeRef: 'mail 42' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/^notify: /);
  });

  it('a window veille gave notice of is e-mailed again when moved (pending again) and when cancelled', async () => {
    const created = await call('POST', '/api/v1/maintenance', { ...WINDOW, notify: true });
    await worker.runOnce();
    t.setNow('2026-11-16T15:00:00-05:00');
    const moved = await call('POST', `/api/v1/maintenance/${created.body.id}/reschedule`, {
      start: '2026-11-19T02:00:00-05:00',
      end: '2026-11-19T03:00:00-05:00',
      reason: 'vendor delay',
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ noticeSentAt: null, noticeStatus: 'pending' });
    await worker.runOnce();
    const change = smtp.messages.slice(2);
    expect(change.map((m) => m.subject.split(' / ')[0])).toEqual([
      'Avis de modification d’une maintenance planifiée — Acme Construction — 19\u00a0nov.\u00a02026, 2\u00a0h\u00a0HNE',
      'Notice of change to a scheduled maintenance — Acme Construction — Nov\u00a019,\u00a02026, 2:00\u00a0a.m.\u00a0EST',
    ]);
    expect(change[0]!.text).toContain('Heures précédentes : mercredi 18 novembre 2026 à 2 h (heure');
    expect(change[0]!.text).not.toContain('vendor delay');
    expect((await call('GET', `/api/v1/maintenance/${created.body.id}`)).body.noticeSentAt).toBe('2026-11-16T20:00:00.000Z');

    const cancelled = await call('POST', `/api/v1/maintenance/${created.body.id}/cancel`, { reason: 'not needed' });
    expect(cancelled.status).toBe(200);
    await worker.runOnce();
    expect(smtp.messages.slice(4).map((m) => m.subject.split(' — ')[0])).toEqual([
      'Avis d’annulation d’une maintenance planifiée',
      'Notice of cancellation of a scheduled maintenance',
    ]);
    expect(smtp.messages[4]!.text).toContain('est annulée : elle n’aura pas lieu');
  });

  it('reminds the contacts before the start (24 h by default), once, unless the notice itself came inside that period', async () => {
    await call('POST', '/api/v1/maintenance', { ...WINDOW, notify: true });
    await call('POST', '/api/v1/maintenance', { ...WINDOW, start: '2026-11-17T09:00:00-05:00', end: '2026-11-17T09:30:00-05:00', notify: true });
    await worker.runOnce();
    const deps = { store: t.deps.database.store, config: t.config, calendars: t.deps.calendars };
    expect(await scanReminders(deps, instant('2026-11-17T01:59:00-05:00'))).toBe(0);
    expect(await scanReminders(deps, instant('2026-11-17T02:00:00-05:00'))).toBe(1);
    expect(await scanReminders(deps, instant('2026-11-17T03:00:00-05:00'))).toBe(0);
    t.setNow('2026-11-17T02:00:00-05:00');
    await worker.runOnce();
    expect(smtp.messages.slice(4).map((m) => [m.rcptTo[0], m.subject.slice(0, 36)])).toEqual([
      ['ops@acme.example', 'Rappel : maintenance planifiée — Acm'],
      ['it@acme.example', 'Reminder: scheduled maintenance — Ac'],
    ]);
  });
});
