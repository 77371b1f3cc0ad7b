import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanAlerts, scanBudgets, scanDeadlines } from '../../src/notify/alert-scan.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../../src/notify/channels/signature.ts';
import { incidentEnvironments, incidents, outages } from '../../src/store/schema/index.ts';
import { instant } from '../../src/time/iso.ts';
import { eq } from 'drizzle-orm';
import { WEBHOOK_SECRET, createNotifyFixture, notifyConfigYaml, type NotifyFixture } from './support/notify-fixture.ts';
import { startSmtpReceiver, type SmtpReceiver } from './support/smtp-receiver.ts';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';

let smtp: SmtpReceiver;
let hook: WebhookReceiver;
let slack: WebhookReceiver;
let dir: string;
const fixtures: NotifyFixture[] = [];

beforeEach(async () => {
  smtp = await startSmtpReceiver();
  hook = await startWebhookReceiver();
  slack = await startWebhookReceiver();
  dir = mkdtempSync(join(tmpdir(), 'veille-notify-'));
});
afterEach(async () => {
  for (const fx of fixtures.splice(0)) fx.close();
  await Promise.all([smtp.close(), hook.close(), slack.close()]);
  rmSync(dir, { recursive: true, force: true });
});

function open(options: { dbFile?: string; now?: string } = {}): NotifyFixture {
  const fx = createNotifyFixture({ yaml: notifyConfigYaml({ smtpPort: smtp.port, webhookUrl: hook.url, slackUrl: slack.url }), ...options });
  fixtures.push(fx);
  return fx;
}

function closeOutage(fx: NotifyFixture, id: number, end: string): void {
  fx.database.db.update(outages).set({ end: instant(end) }).where(eq(outages.id, id)).run();
}

function insertIncident(fx: NotifyFixture, input: { priority: 'I' | 'II'; openedAt: string; responseDueAt: string; resolutionDueAt: string | null }): number {
  const id = fx.database.db
    .insert(incidents)
    .values({
      title: 'Acme login failing',
      priority: input.priority,
      kind: 'incident',
      channel: 'monitor',
      public: true,
      calendar: 'default',
      openedAt: instant(input.openedAt),
      createdAt: instant(input.openedAt),
      createdBy: 'veille',
      responseDueAt: instant(input.responseDueAt),
      resolutionDueAt: input.resolutionDueAt ? instant(input.resolutionDueAt) : null,
    })
    .returning({ id: incidents.id })
    .get().id;
  fx.database.db.insert(incidentEnvironments).values({ incidentId: id, envId: 'acme-prod' }).run();
  return id;
}

describe('team alerts', () => {
  it('an outage opening reaches the routed webhook (signed), Slack (in French) and e-mail channels', async () => {
    const fx = open();
    const id = fx.insertOutage({ checkId: 'acme-web', envId: 'acme-prod', start: '2026-11-16T11:58:00-05:00', reason: 'connection refused' });
    await fx.database.store.transaction((tx) => fx.events.outageOpened(tx, { outageId: id }, fx.now()));
    expect(await fx.worker.runOnce()).toMatchObject({ sent: 3, failed: 0 });

    expect(hook.requests).toHaveLength(1);
    const request = hook.requests[0]!;
    const signed = { timestamp: request.headers[TIMESTAMP_HEADER] as string, signature: request.headers[SIGNATURE_HEADER] as string, body: request.body };
    const check = { now: fx.now(), toleranceMs: 300_000 };
    expect(verifySignature(WEBHOOK_SECRET, signed, check)).toBe(true);
    expect(verifySignature('another-secret-0123456789', signed, check)).toBe(false);
    expect(verifySignature(WEBHOOK_SECRET, { ...signed, body: request.body.replace('acme-web', 'acme-wex') }, check)).toBe(false);
    expect(verifySignature(WEBHOOK_SECRET, signed, { now: fx.now() + 3_600_000, toleranceMs: 300_000 })).toBe(false);
    const payload = JSON.parse(request.body);
    expect(payload).toMatchObject({ event: 'outage_opened', key: `outage-opened:${id}`, environments: ['acme-prod'], occurredAt: '2026-11-16T16:58:00.000Z' });
    expect(payload.title).toMatch(/^DOWN: Acme Construction \(acme-prod\) — acme-web failing since 2026-11-16 11:58 EST/);

    expect(JSON.parse(slack.requests[0]!.body).text).toMatch(/^PANNE : Acme Construction \(acme-prod\) — acme-web en échec depuis 2026-11-16 11:58 HNE/);
    expect(smtp.messages.map((m) => [m.rcptTo, m.subject.slice(0, 14)])).toEqual([[['sre@aidi.example'], '[veille] DOWN:']]);
  });

  it('one alert per transition, also after a restart on the same database file', async () => {
    const file = join(dir, 'veille.db');
    const first = open({ dbFile: file });
    const id = first.insertOutage({ checkId: 'acme-web', envId: 'acme-prod', start: '2026-11-16T11:58:00-05:00' });
    await first.database.store.transaction((tx) => first.events.outageOpened(tx, { outageId: id }, first.now()));
    await first.database.store.transaction((tx) => first.events.outageOpened(tx, { outageId: id }, first.now()));
    await first.worker.runOnce();
    expect(hook.requests).toHaveLength(1);
    first.close();
    fixtures.splice(fixtures.indexOf(first), 1);

    const again = open({ dbFile: file, now: '2026-11-16T12:10:00-05:00' });
    await again.database.store.transaction((tx) => again.events.outageOpened(tx, { outageId: id }, again.now()));
    await again.worker.runOnce();
    expect(hook.requests).toHaveLength(1);

    closeOutage(again, id, '2026-11-16T12:05:00-05:00');
    await again.database.store.transaction((tx) => again.events.outageClosed(tx, { outageId: id }, again.now()));
    await again.database.store.transaction((tx) => again.events.outageClosed(tx, { outageId: id }, again.now()));
    await again.worker.runOnce();
    expect(hook.requests.map((r) => JSON.parse(r.body).event)).toEqual(['outage_opened', 'outage_closed']);
    expect(JSON.parse(hook.requests[1]!.body).title).toContain('down for 7 min');
  });

  it('a webhook that answers 500 is retried with backoff; one that answers 404 is given up with the reason', async () => {
    const fx = open();
    hook.status = 500;
    const id = fx.insertOutage({ checkId: 'globex-web', envId: 'globex-prod', start: '2026-11-16T11:58:00-05:00' });
    await fx.database.store.transaction((tx) => fx.events.outageOpened(tx, { outageId: id }, fx.now()));
    expect(await fx.worker.runOnce()).toMatchObject({ retried: 1 });
    hook.status = 404;
    fx.setNow('2026-11-16T12:00:30-05:00');
    expect(await fx.worker.runOnce()).toMatchObject({ failed: 1 });
    const row = fx.database.sqlite.prepare('select status, attempts, last_error from notification_outbox').get();
    expect(row).toEqual({ status: 'failed', attempts: 2, last_error: 'HTTP 404: no' });
  });

  it('an alert hook never breaks its caller: a failure is logged and the caller goes on', async () => {
    const fx = open();
    fx.database.sqlite.exec('DROP TABLE notification_outbox');
    const id = fx.insertOutage({ checkId: 'acme-web', envId: 'acme-prod', start: '2026-11-16T11:58:00-05:00' });
    await expect(fx.database.store.transaction((tx) => fx.events.outageOpened(tx, { outageId: id }, fx.now()))).resolves.toBeUndefined();
    expect(fx.database.sqlite.prepare('select count(*) as n from outages').get()).toEqual({ n: 1 });
    expect(fx.logged).toEqual([expect.stringMatching(/^notifications: outage 1 opened not queued: .*notification_outbox/)]);
  });

  it('warns before an incident deadline and again when it is missed, once each', async () => {
    const fx = open({ now: '2026-11-16T10:00:00-05:00' });
    const id = insertIncident(fx, {
      priority: 'I',
      openedAt: '2026-11-16T10:00:00-05:00',
      responseDueAt: '2026-11-16T10:30:00-05:00',
      resolutionDueAt: '2026-11-16T14:00:00-05:00',
    });
    const deps = { store: fx.database.store, config: fx.config, calendars: fx.calendars };
    expect(await scanDeadlines(deps, instant('2026-11-16T10:15:00-05:00'))).toBe(0);
    expect(await scanDeadlines(deps, instant('2026-11-16T10:21:00-05:00'))).toBe(1);
    expect(await scanDeadlines(deps, instant('2026-11-16T10:25:00-05:00'))).toBe(0);
    expect(await scanDeadlines(deps, instant('2026-11-16T10:31:00-05:00'))).toBe(1);
    fx.database.db.update(incidents).set({ respondedAt: instant('2026-11-16T10:40:00-05:00') }).where(eq(incidents.id, id)).run();
    expect(await scanDeadlines(deps, instant('2026-11-16T13:55:00-05:00'))).toBe(1);
    fx.setNow('2026-11-16T13:55:00-05:00');
    await fx.worker.runOnce();
    expect(hook.requests.map((r) => JSON.parse(r.body).title.slice(0, 60))).toEqual([
      expect.stringMatching(/^DEADLINE NEAR: first response of incident #1 \(priority I\)/),
      expect.stringMatching(/^DEADLINE MISSED: first response of incident #1/),
      expect.stringMatching(/^DEADLINE NEAR: resolution of incident #1/),
    ]);
  });

  it('budget thresholds: 50 % told once; several passed at once tell only the highest; across restarts too', async () => {
    const file = join(dir, 'budget.db');
    const fx = open({ dbFile: file, now: '2026-11-18T15:00:00-05:00' });
    const deps = () => ({ store: fx.database.store, config: fx.config, calendars: fx.calendars });
    // November 2026: 21 business days of 8 h → budget 100.8 min at 99 % (docs/rules.md, rule 7's example).
    fx.insertOutage({ checkId: 'acme-web', envId: 'acme-prod', start: '2026-11-18T10:00:00-05:00', end: '2026-11-18T11:00:00-05:00' });
    expect(await scanBudgets(deps(), fx.now())).toBe(1);
    expect(await scanBudgets(deps(), fx.now())).toBe(0);
    fx.insertOutage({ checkId: 'acme-web', envId: 'acme-prod', start: '2026-11-18T13:00:00-05:00', end: '2026-11-18T14:00:00-05:00' });
    expect(await scanBudgets(deps(), fx.now())).toBe(1);
    await fx.worker.runOnce();
    const titles = hook.requests.map((r) => JSON.parse(r.body).title);
    expect(titles).toEqual([
      'BUDGET 50%: Acme Construction (acme-prod) has used 59.5% of its 2026-11 downtime budget',
      'BUDGET 100%: Acme Construction (acme-prod) has used 119% of its 2026-11 downtime budget',
    ]);
    const keys = fx.database.sqlite.prepare("select key from notification_events where kind = 'budget_threshold' order by id").all();
    expect(keys).toEqual([{ key: 'budget:acme-prod:2026-11:50' }, { key: 'budget:acme-prod:2026-11:80' }, { key: 'budget:acme-prod:2026-11:100' }]);

    fx.close();
    fixtures.splice(fixtures.indexOf(fx), 1);
    const restarted = open({ dbFile: file, now: '2026-11-18T15:05:00-05:00' });
    expect((await scanAlerts({ store: restarted.database.store, config: restarted.config, calendars: restarted.calendars }, restarted.now())).budgets).toBe(0);
  });
});
