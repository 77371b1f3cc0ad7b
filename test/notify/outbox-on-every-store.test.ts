import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/audit/audit-log.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import { closeSenders, createSenders } from '../../src/notify/channels/index.ts';
import { createDeliveryWorker } from '../../src/notify/delivery-worker.ts';
import { enqueueDeliveries, recordEvent, type NewDelivery } from '../../src/notify/event-store.ts';
import { listDeliveries } from '../../src/notify/outbox-store.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';
import { startSmtpReceiver, type SmtpReceiver } from './support/smtp-receiver.ts';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';
import { notifyConfigYaml } from './support/notify-fixture.ts';

// Sending the outbox is one contract on every database: what a receiver accepted is recorded
// sent, what it refused waits its retry or is given up, and a formal notice counts once every
// message of its version was accepted.

const NOW = instant('2026-11-16T09:00:00-05:00');
let hook: WebhookReceiver;
let smtp: SmtpReceiver;
beforeEach(async () => {
  hook = await startWebhookReceiver();
  smtp = await startSmtpReceiver();
});
afterEach(async () => {
  await hook.close();
  await smtp.close();
});

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`sending the outbox on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    const config = () => parseConfig(notifyConfigYaml({ smtpPort: smtp.port, webhookUrl: hook.url }), 'outbox-test.yaml');
    /** A worker whose clock reads `at` (the instant a receiver accepts is what is recorded). */
    async function runAt(at: number) {
      const senders = createSenders(config().notifications, { timeoutMs: 30_000, clock: () => at });
      try {
        return await createDeliveryWorker({ store, config: config(), senders, clock: () => at }).runOnce(at);
      } finally {
        closeSenders(senders);
      }
    }
    const queue = (key: string, deliveries: NewDelivery[]) =>
      store.transaction(async (tx) => enqueueDeliveries(tx, (await recordEvent(tx, { key, kind: 'outage_opened', subject: 'outage:1', occurredAt: NOW }, NOW))!, deliveries, NOW));
    const outbox = () => store.db.select().from(store.t.notificationOutbox).orderBy(store.t.notificationOutbox.id);
    const webhook: NewDelivery = { channel: 'ops-hook', channelType: 'webhook', recipient: '', language: 'en', subject: 'Outage', body: 'acme-web is down', payload: { event: 'outage_opened' } };

    it('records a delivery the receiver accepted as sent, at the instant it answered', async () => {
      await queue('outage-opened:1', [{ ...webhook, recipient: hook.url }]);
      expect(await runAt(NOW + 1000)).toEqual({ sent: 1, retried: 0, failed: 0, deferred: 0 });
      expect(hook.requests).toHaveLength(1);
      expect(await outbox()).toMatchObject([{ status: 'sent', sentAt: NOW + 1000, attempts: 0, lastError: null }]);
      expect(await runAt(NOW + 2000)).toEqual({ sent: 0, retried: 0, failed: 0, deferred: 0 });
    });

    it('lists the outbox newest first with the event each delivery tells, by status, at most limit', async () => {
      await queue('outage-opened:1', [{ ...webhook, recipient: hook.url }]);
      await runAt(NOW + 1000);
      await queue('outage-opened:2', [
        { ...webhook, recipient: `${hook.url}?a` },
        { ...webhook, recipient: `${hook.url}?b` },
      ]);
      const all = await listDeliveries(store, { limit: 10 });
      expect(all.map((row) => [row.delivery.id, row.delivery.status, row.eventKey, row.kind, row.subject])).toEqual([
        [3, 'pending', 'outage-opened:2', 'outage_opened', 'outage:1'],
        [2, 'pending', 'outage-opened:2', 'outage_opened', 'outage:1'],
        [1, 'sent', 'outage-opened:1', 'outage_opened', 'outage:1'],
      ]);
      expect((await listDeliveries(store, { status: 'sent', limit: 10 })).map((row) => row.delivery.id)).toEqual([1]);
      expect((await listDeliveries(store, { status: 'pending', limit: 1 })).map((row) => row.delivery.id)).toEqual([3]);
    });

    it('a refusal waits its retry, and after the last attempt the delivery is given up', async () => {
      hook.status = 503;
      await queue('outage-opened:1', [{ ...webhook, recipient: hook.url }]);
      expect(await runAt(NOW)).toMatchObject({ retried: 1 });
      expect(await outbox()).toMatchObject([{ status: 'pending', attempts: 1, nextAttemptAt: NOW + 30_000 }]);
      expect(await runAt(NOW + 29_999)).toMatchObject({ retried: 0 });
      let at = NOW + 30_000;
      for (const attempts of [2, 3]) {
        await runAt(at);
        const [row] = await outbox();
        expect(row).toMatchObject({ status: 'pending', attempts });
        at = row!.nextAttemptAt;
      }
      expect(await runAt(at)).toMatchObject({ failed: 1 });
      expect(await outbox()).toMatchObject([{ status: 'failed', attempts: 4 }]);
    });

    it("a formal notice counts once every message of its version was accepted: the version's notice, and its audit entry", async () => {
      const versionId = await store.transaction(async (tx) => {
        const [window] = await tx.db.insert(tx.t.maintenanceWindows).values({ impact: 'Upgrade', createdBy: 'sre', createdAt: NOW }).returning({ id: tx.t.maintenanceWindows.id });
        await tx.db.insert(tx.t.maintenanceEnvironments).values({ windowId: window!.id, envId: 'acme-prod' });
        const [version] = await tx.db
          .insert(tx.t.maintenanceVersions)
          .values({ windowId: window!.id, start: NOW + 86_400_000, end: NOW + 90_000_000, noticeSentAt: null, noticeRef: null, recordedAt: NOW, recordedBy: 'sre', changeReason: null })
          .returning({ id: tx.t.maintenanceVersions.id });
        return version!.id;
      });
      const notice = (recipient: string): NewDelivery => ({ channel: 'clients', channelType: 'email', recipient, language: 'en', subject: 'Maintenance', body: 'We will upgrade.', windowVersionId: versionId });
      await queue(`window-notice:${versionId}`, [notice('ops@acme.example'), notice('it@acme.example')]);
      // The second message is due a minute later: until it is accepted the version has no notice.
      await store.transaction((tx) => tx.db.update(tx.t.notificationOutbox).set({ nextAttemptAt: NOW + 60_000 }).where(eq(tx.t.notificationOutbox.recipient, 'it@acme.example')));
      expect(await runAt(NOW + 1000)).toMatchObject({ sent: 1 });
      const version = () => store.db.select().from(store.t.maintenanceVersions);
      expect(await version()).toMatchObject([{ noticeSentAt: null }]);
      expect(await runAt(NOW + 61_000)).toMatchObject({ sent: 1 });
      const rows = await outbox();
      expect(rows.map((row) => row.status)).toEqual(['sent', 'sent']);
      const [done] = await version();
      expect(done!.noticeSentAt).toBe(NOW + 61_000);
      expect(done!.noticeRef!.split(' ')).toHaveLength(2);
      expect(await listAudit(store)).toMatchObject([{ actor: 'veille', action: 'maintenance.notice_sent', details: { versionId, recipients: ['ops@acme.example', 'it@acme.example'] } }]);
    });
  });
}
