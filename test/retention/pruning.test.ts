import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildCalendars } from '../../src/config/calendars.ts';
import { runRetention } from '../../src/retention/retention-job.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { proberConfig } from '../prober/support.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';
import { seedDelivery, seedEvent, seedIncident, seedOutage, seedWindowVersion } from './history-seed.ts';

// Raw results, and so settled deliveries, are kept 30 days (the default); events 400 days.
// One contract on every database.
const config = proberConfig('http://127.0.0.1:9');
const calendars = buildCalendars(config);
const now = instant('2026-11-09T18:00:00-05:00');

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`retention of notifications and sessions on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    const recipients = async () =>
      (await store.db.select({ recipient: store.t.notificationOutbox.recipient }).from(store.t.notificationOutbox).orderBy(asc(store.t.notificationOutbox.id))).map((row) => row.recipient);
    const keys = async () => (await store.db.select({ key: store.t.notificationEvents.key }).from(store.t.notificationEvents).orderBy(asc(store.t.notificationEvents.id))).map((row) => row.key);
    const retention = () => runRetention({ store, config, calendars, clock: () => now });

    it('deletes sent and failed deliveries settled more than 30 days ago; pending ones stay whatever their age', async () => {
      const id = await seedEvent(store, 'budget:acme-prod:2026-09:50', 'environment:acme-prod', instant('2026-09-01T10:00:00-04:00'));
      await seedDelivery(store, id, 'old-sent', 'sent', instant('2026-10-10T17:59:00-05:00')); // 30 × 24 h and 1 minute before now
      await seedDelivery(store, id, 'old-failed', 'failed', instant('2026-09-02T10:00:00-04:00'));
      await seedDelivery(store, id, 'old-pending', 'pending', instant('2026-09-01T10:00:00-04:00'));
      await seedDelivery(store, id, 'recent-sent', 'sent', instant('2026-10-10T18:01:00-05:00'));
      await seedDelivery(store, id, 'recent-failed', 'failed', instant('2026-11-01T10:00:00-05:00'));

      const run = await retention();

      expect(run.deliveries).toBe(2);
      expect(await recipients()).toEqual(['old-pending', 'recent-sent', 'recent-failed']);
    });

    it('keeps the deliveries of a window version while one of them is pending or until the window ended 30 days ago', async () => {
      const over = await seedWindowVersion(store, instant('2026-08-01T08:00:00-04:00'), instant('2026-08-01T10:00:00-04:00'));
      const coming = await seedWindowVersion(store, instant('2026-12-05T08:00:00-05:00'), instant('2026-12-05T10:00:00-05:00'));
      const stuck = await seedWindowVersion(store, instant('2026-08-02T08:00:00-04:00'), instant('2026-08-02T10:00:00-04:00'));
      const sentAt = instant('2026-07-01T10:00:00-04:00');
      await seedDelivery(store, await seedEvent(store, `window-notice:${over.versionId}`, `window:${over.windowId}`, sentAt), 'over', 'sent', sentAt, over.versionId);
      // A notice sent long ago for a window still to come: it decides whether a change is e-mailed.
      await seedDelivery(store, await seedEvent(store, `window-notice:${coming.versionId}`, `window:${coming.windowId}`, sentAt), 'coming', 'sent', sentAt, coming.versionId);
      const stuckEvent = await seedEvent(store, `window-notice:${stuck.versionId}`, `window:${stuck.windowId}`, sentAt);
      await seedDelivery(store, stuckEvent, 'stuck-sent', 'sent', sentAt, stuck.versionId);
      await seedDelivery(store, stuckEvent, 'stuck-pending', 'pending', sentAt, stuck.versionId);

      await retention();

      expect(await recipients()).toEqual(['coming', 'stuck-sent', 'stuck-pending']);
    });

    it('deletes events older than 400 days once no delivery refers to them and their subject can no longer repeat a transition', async () => {
      const old = instant('2025-09-01T10:00:00-04:00'); // 434 days before now
      const openOutage = await seedOutage(store, { checkId: 'web', start: old, end: null });
      const closedOutage = await seedOutage(store, { checkId: 'web', start: old, end: instant('2025-09-01T11:00:00-04:00') });
      const openIncident = await seedIncident(store, old);
      const future = await seedWindowVersion(store, instant('2026-12-05T08:00:00-05:00'), instant('2026-12-05T10:00:00-05:00'));
      await seedEvent(store, 'budget:acme-prod:2025-09:50', 'environment:acme-prod', old);
      await seedEvent(store, `outage-opened:${openOutage}`, `outage:${openOutage}`, old);
      await seedEvent(store, `outage-closed:${closedOutage}`, `outage:${closedOutage}`, old);
      await seedEvent(store, `deadline-missed:${openIncident}:response:1`, `incident:${openIncident}`, old);
      await seedEvent(store, `window-notice:${future.versionId}`, `window:${future.windowId}`, old);
      await seedEvent(store, 'subscription-confirmation:1:1', 'subscription:1', old);
      await seedDelivery(store, await seedEvent(store, 'budget:acme-prod:2025-09:80', 'environment:acme-prod', old), 'still-pending', 'pending', old);
      await seedEvent(store, 'budget:acme-prod:2025-10:50', 'environment:acme-prod', instant('2025-10-10T18:00:00-04:00')); // 395 days old

      const run = await retention();

      expect(run.events).toBe(3);
      expect(await keys()).toEqual([
        `outage-opened:${openOutage}`,
        `deadline-missed:${openIncident}:response:1`,
        `window-notice:${future.versionId}`,
        'budget:acme-prod:2025-09:80',
        'budget:acme-prod:2025-10:50',
      ]);
    });

    it('deletes expired sessions and keeps live ones', async () => {
      const { t } = store;
      await store.transaction(async (tx) => {
        const [token] = await tx.db.insert(t.tokens).values({ name: 'alice', role: 'sre', hash: 'h', createdAt: 0 }).returning({ id: t.tokens.id });
        for (const [hash, expiresAt] of [['expired', now - 1], ['ends-now', now], ['live', now + 1]] as const) {
          await tx.db.insert(t.sessions).values({ hash, tokenId: token!.id, csrf: 'c', createdAt: 0, expiresAt });
        }
      });

      expect((await retention()).sessions).toBe(2);
      expect(await store.db.select({ hash: t.sessions.hash }).from(t.sessions)).toEqual([{ hash: 'live' }]);
    });
  });
}
