import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { leasesOf, type HeldLease, type Leases } from '../../src/lease/lease-store.ts';
import { closeSenders, createSenders, type Senders } from '../../src/notify/channels/index.ts';
import { createDeliveryWorker, type DeliveryFence } from '../../src/notify/delivery-worker.ts';
import { enqueueDeliveries, recordEvent, type NewDelivery } from '../../src/notify/event-store.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';
import { startSmtpReceiver, type SmtpReceiver } from './support/smtp-receiver.ts';
import { notifyConfigYaml } from './support/notify-fixture.ts';

// The outbox is sent by the holder of the notifications lease only. A run whose lease was lost
// mid-way (its holder paused past the expiry, its renewals failed) sends no further message and
// records nothing under its stale fencing number; the next holder sends what waits. The one
// message a receiver was taking when the lease moved is sent again: mail is at least once there.

const NOW = instant('2026-11-16T09:00:00-05:00');
const TTL = 30_000;
const A = 'monitor-1:101:aaaaaaaa';
const B = 'monitor-2:202:bbbbbbbb';
const RECIPIENTS = ['one@aidi.example', 'two@aidi.example', 'three@aidi.example'];

let smtp: SmtpReceiver;
let senders: Senders[];
beforeEach(async () => {
  smtp = await startSmtpReceiver();
  senders = [];
});
afterEach(async () => {
  for (const opened of senders) closeSenders(opened);
  await smtp.close();
});

const held = (outcome: Awaited<ReturnType<Leases['takeOrRenew']>>): HeldLease => {
  if (!outcome.taken) throw new Error(`expected the lease to be taken, ${outcome.holder} has it`);
  return outcome.lease;
};

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`sending under the notifications lease on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    let now: number;
    let leases: Leases;
    let logged: string[];
    beforeEach(() => {
      now = NOW;
      leases = leasesOf(store, () => now);
      logged = [];
    });

    const config = () => parseConfig(notifyConfigYaml({ smtpPort: smtp.port }), 'lease-test.yaml');
    /** One process's worker (its own SMTP connections), its clock the test's. */
    const worker = () => {
      const own = createSenders(config().notifications, { timeoutMs: 30_000, clock: () => now });
      senders.push(own);
      return createDeliveryWorker({ store, config: config(), senders: own, clock: () => now, log: (line) => logged.push(line) });
    };
    const queueMail = () =>
      store.transaction(async (tx) => {
        const event = (await recordEvent(tx, { key: 'outage-opened:1', kind: 'outage_opened', subject: 'outage:1', occurredAt: NOW }, NOW))!;
        const mail = RECIPIENTS.map((recipient): NewDelivery => ({ channel: 'sre-mail', channelType: 'email', recipient, language: 'en', subject: 'Outage', body: 'acme-web is down' }));
        await enqueueDeliveries(tx, event, mail, NOW);
      });
    const outbox = () => store.db.select().from(store.t.notificationOutbox).orderBy(store.t.notificationOutbox.id);
    const receivedBy = () => smtp.messages.flatMap((message) => message.rcptTo).sort();
    const fenceOf = (lease: HeldLease, signal = new AbortController().signal): DeliveryFence => ({ leases, lease, signal });

    it('a run whose lease another holder took mid-way sends nothing more and records nothing; the new holder sends each waiting message once', async () => {
      await queueMail();
      const first = held(await leases.takeOrRenew('notifications', A, TTL));
      // The receiver keeps the first message unanswered: holder A is stuck in it...
      smtp.hold = (recipient) => recipient === RECIPIENTS[0];
      const stale = worker().runOnce(NOW, fenceOf(first));
      await expect.poll(() => smtp.waiting(), { timeout: 15_000 }).toBe(1);
      // ...past its lease's expiry, and B takes the lease over.
      now = NOW + TTL;
      const second = held(await leases.takeOrRenew('notifications', B, TTL));
      expect(second.fence).toBe(first.fence + 1);
      smtp.hold = () => false;
      smtp.release();

      expect(await stale).toEqual({ sent: 0, retried: 0, failed: 0, deferred: 0 });
      // A stopped after the message in flight (accepted, so sent once already) and recorded nothing.
      expect(receivedBy()).toEqual([RECIPIENTS[0]]);
      expect(await outbox()).toMatchObject(RECIPIENTS.map((recipient) => ({ recipient, status: 'pending', attempts: 0, sentAt: null, lastError: null })));
      expect(logged.join('\n')).toMatch(/lease was lost .* the next holder sends it again/);

      expect(await worker().runOnce(now, fenceOf(second))).toEqual({ sent: 3, retried: 0, failed: 0, deferred: 0 });
      // B sent each waiting message once; the first was sent twice in all, once by each holder.
      expect(receivedBy()).toEqual([...RECIPIENTS, RECIPIENTS[0]!].sort());
      expect(await outbox()).toMatchObject(RECIPIENTS.map((recipient) => ({ recipient, status: 'sent', sentAt: now })));
      expect(await worker().runOnce(now, fenceOf(second))).toEqual({ sent: 0, retried: 0, failed: 0, deferred: 0 });
      expect(smtp.messages).toHaveLength(4);
    });

    it('a refusal answered after the lease moved is not recorded either: the next holder owns the attempt count', async () => {
      await queueMail();
      const first = held(await leases.takeOrRenew('notifications', A, TTL));
      smtp.mode = 'tempfail';
      smtp.hold = (recipient) => recipient === RECIPIENTS[0];
      const stale = worker().runOnce(NOW, fenceOf(first));
      await expect.poll(() => smtp.waiting(), { timeout: 15_000 }).toBe(1);
      now = NOW + TTL;
      held(await leases.takeOrRenew('notifications', B, TTL));
      smtp.release();
      expect(await stale).toEqual({ sent: 0, retried: 0, failed: 0, deferred: 0 });
      expect(await outbox()).toMatchObject(RECIPIENTS.map(() => ({ status: 'pending', attempts: 0, lastError: null })));
    });

    it('a run whose lease was aborted mid-way records the answer it was waiting for, then sends nothing more', async () => {
      await queueMail();
      const lease = held(await leases.takeOrRenew('notifications', A, TTL));
      const keeper = new AbortController();
      smtp.hold = (recipient) => recipient === RECIPIENTS[0];
      const run = worker().runOnce(NOW, fenceOf(lease, keeper.signal));
      await expect.poll(() => smtp.waiting(), { timeout: 15_000 }).toBe(1);
      // The keeper stops the job (say, its time ran out before a renewal came back): the lease is still A's in the database.
      keeper.abort();
      smtp.release();
      expect(await run).toEqual({ sent: 1, retried: 0, failed: 0, deferred: 0 });
      expect(receivedBy()).toEqual([RECIPIENTS[0]]);
      expect((await outbox()).map((row) => row.status)).toEqual(['sent', 'pending', 'pending']);
    });

    it('a run under a lease already lost sends nothing', async () => {
      await queueMail();
      const lease = held(await leases.takeOrRenew('notifications', A, TTL));
      const keeper = new AbortController();
      keeper.abort();
      expect(await worker().runOnce(NOW, fenceOf(lease, keeper.signal))).toEqual({ sent: 0, retried: 0, failed: 0, deferred: 0 });
      expect(smtp.messages).toHaveLength(0);
      expect((await outbox()).map((row) => row.status)).toEqual(['pending', 'pending', 'pending']);
    });

    it('a run under a lease still held sends and records as a run without one', async () => {
      await queueMail();
      const lease = held(await leases.takeOrRenew('notifications', A, TTL));
      expect(await worker().runOnce(NOW, fenceOf(lease))).toEqual({ sent: 3, retried: 0, failed: 0, deferred: 0 });
      expect(receivedBy()).toEqual([...RECIPIENTS].sort());
      expect(logged).toEqual([]);
    });
  });
}
