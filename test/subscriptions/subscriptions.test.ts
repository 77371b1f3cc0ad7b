import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { enqueueDeliveries, recordEvent } from '../../src/notify/event-store.ts';
import { CONFIRM_WITHIN_MS, RESEND_AFTER_MS, confirm, subscribe, unsubscribe } from '../../src/subscriptions/subscription-service.ts';
import { activeSubscribers, findByEmail } from '../../src/subscriptions/subscription-store.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';
import { notifyConfigYaml } from '../notify/support/notify-fixture.ts';

// Subscriptions, and the events and outbox rows they queue, are one contract on every database:
// double opt-in, a confirmation mail at most hourly, a transition recorded once, a delivery
// queued once.

const config = parseConfig(notifyConfigYaml({ smtpPort: 2525 }), 'subscriptions-test.yaml');
const NOW = instant('2026-11-16T09:00:00-05:00');

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`subscriptions on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    const outbox = () => store.db.select().from(store.t.notificationOutbox).orderBy(store.t.notificationOutbox.id);
    /** The confirmation link's token, as the mail carries it. */
    const tokenIn = (body: string) => /confirm\?token=([A-Za-z0-9_-]+)/.exec(body)![1]!;

    it('subscribes with double opt-in: one confirmation mail, the address active once confirmed, out once unsubscribed', async () => {
      expect(await subscribe({ store, config }, { email: 'Ana@Example.org', language: 'fr' }, NOW)).toBe('queued');
      const pending = await findByEmail(store, 'ana@example.org');
      expect(pending).toMatchObject({ email: 'ana@example.org', status: 'pending', language: 'fr', confirmationSentAt: NOW });
      const [mail] = await outbox();
      expect(mail).toMatchObject({ channelType: 'email', recipient: 'ana@example.org', language: 'fr', status: 'pending', attempts: 0, nextAttemptAt: NOW });
      expect(mail!.payload).toEqual({ headers: { 'List-Unsubscribe': `<https://status.aidi.example/api/v1/subscriptions/unsubscribe?token=${pending!.unsubscribeToken}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } });
      expect(await activeSubscribers(store)).toEqual([]);

      expect(await confirm({ store, config }, tokenIn(mail!.body), NOW + 60_000)).toBe('confirmed');
      expect(await confirm({ store, config }, tokenIn(mail!.body), NOW + 60_000)).toBe('invalid');
      expect((await activeSubscribers(store)).map((row) => [row.email, row.confirmedAt])).toEqual([['ana@example.org', NOW + 60_000]]);
      expect(await subscribe({ store, config }, { email: 'ana@example.org', language: 'en' }, NOW + 2 * RESEND_AFTER_MS)).toBe('unchanged');

      expect(await unsubscribe({ store, config }, pending!.unsubscribeToken, NOW + 120_000)).toBe('unsubscribed');
      expect(await unsubscribe({ store, config }, pending!.unsubscribeToken, NOW + 180_000)).toBe('unsubscribed');
      expect(await findByEmail(store, 'ana@example.org')).toMatchObject({ status: 'unsubscribed', unsubscribedAt: NOW + 120_000 });
      expect(await activeSubscribers(store)).toEqual([]);
    });

    it('a new confirmation at most hourly, with a new token; an old or expired link confirms nothing', async () => {
      await subscribe({ store, config }, { email: 'bob@example.org', language: 'en' }, NOW);
      expect(await subscribe({ store, config }, { email: 'bob@example.org', language: 'en' }, NOW + RESEND_AFTER_MS - 1)).toBe('unchanged');
      expect(await subscribe({ store, config }, { email: 'bob@example.org', language: 'fr' }, NOW + RESEND_AFTER_MS)).toBe('queued');
      const [first, second] = await outbox();
      expect(second).toMatchObject({ language: 'fr' });
      expect(await confirm({ store, config }, tokenIn(first!.body), NOW + RESEND_AFTER_MS + 1)).toBe('invalid');
      expect(await confirm({ store, config }, tokenIn(second!.body), NOW + RESEND_AFTER_MS + CONFIRM_WITHIN_MS + 1)).toBe('invalid');
      expect(await confirm({ store, config }, tokenIn(second!.body), NOW + RESEND_AFTER_MS + CONFIRM_WITHIN_MS)).toBe('confirmed');
      expect(await subscribe({ store, config }, { email: 'bob@example.org', language: 'en', mayMail: false }, NOW)).toBe('unchanged');
    });

    it('a transition is recorded once, and a delivery queued once per channel and recipient', async () => {
      const event = { key: 'outage-opened:7', kind: 'outage_opened' as const, envId: 'acme-prod', subject: 'outage:7', occurredAt: NOW, details: { checkId: 'acme-web' } };
      const delivery = { channel: 'ops', channelType: 'webhook' as const, recipient: 'http://127.0.0.1:9/hook', language: 'en' as const, subject: 'Outage', body: 'acme-web is down', payload: { event: 'outage_opened' } };
      const told = await store.transaction(async (tx) => {
        const id = await recordEvent(tx, event, NOW);
        return { id, again: await recordEvent(tx, event, NOW + 1), queued: await enqueueDeliveries(tx, id!, [delivery, delivery, { ...delivery, recipient: 'http://127.0.0.1:9/other' }], NOW) };
      });
      expect(told).toEqual({ id: 1, again: null, queued: 2 });
      expect((await outbox()).map((row) => [row.eventId, row.recipient, row.payload])).toEqual([
        [1, 'http://127.0.0.1:9/hook', { event: 'outage_opened' }],
        [1, 'http://127.0.0.1:9/other', { event: 'outage_opened' }],
      ]);
    });
  });
}
