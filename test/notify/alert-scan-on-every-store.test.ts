import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildCalendars } from '../../src/config/calendars.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import { allWindows, insertWindow } from '../../src/maintenance/window-store.ts';
import { scanBudgets, scanDeadlines, scanReminders } from '../../src/notify/alert-scan.ts';
import { recordEvent } from '../../src/notify/event-store.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';
import { notifyConfigYaml } from './support/notify-fixture.ts';

// The alert scans are one contract on every database: a deadline told once as it nears and once
// when missed; the month's report read through the store, each threshold recorded once, only
// the highest of those passed together told; a reminder queued once to each contact, a day
// before a window veille gave notice of.

const config = parseConfig(notifyConfigYaml({ smtpPort: 9 }), 'notify-test.yaml');
const calendars = buildCalendars(config);
const NOW = instant('2026-11-18T15:00:00-05:00');

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`the alert scans on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    async function outage(start: string, end: string): Promise<void> {
      const { t } = store;
      await store.transaction(async (tx) => {
        await tx.db.insert(t.outages).values({ checkId: 'acme-web', envId: 'acme-prod', start: instant(start), end: instant(end), source: 'probe', reason: 'connection refused', createdAt: NOW });
      });
    }
    const events = async () => (await store.db.select({ key: store.t.notificationEvents.key }).from(store.t.notificationEvents).orderBy(asc(store.t.notificationEvents.id))).map((row) => row.key);
    const alerts = async () =>
      (await store.db.select({ channel: store.t.notificationOutbox.channel, subject: store.t.notificationOutbox.subject }).from(store.t.notificationOutbox).orderBy(asc(store.t.notificationOutbox.id))).map(
        (row) => `${row.channel}: ${row.subject}`,
      );

    it('tells 50 % once, then only the highest of the thresholds passed together, each recorded once', async () => {
      // November 2026: 21 business days of 8 h → budget 100.8 min at 99 % (docs/rules.md, rule 7's example).
      await outage('2026-11-18T10:00:00-05:00', '2026-11-18T11:00:00-05:00');
      expect(await scanBudgets({ store, config, calendars }, NOW)).toBe(1);
      expect(await scanBudgets({ store, config, calendars }, NOW)).toBe(0);
      await outage('2026-11-18T13:00:00-05:00', '2026-11-18T14:00:00-05:00');
      expect(await scanBudgets({ store, config, calendars }, NOW)).toBe(1);
      expect(await events()).toEqual(['budget:acme-prod:2026-11:50', 'budget:acme-prod:2026-11:80', 'budget:acme-prod:2026-11:100']);
      // acme-prod is routed to the webhook, Slack and the SRE mailbox: one message each per alert.
      const told = await alerts();
      expect(told).toHaveLength(6);
      expect(told.filter((line) => line.startsWith('ops-hook: '))).toEqual([
        'ops-hook: BUDGET 50%: Acme Construction (acme-prod) has used 59.5% of its 2026-11 downtime budget',
        'ops-hook: BUDGET 100%: Acme Construction (acme-prod) has used 119% of its 2026-11 downtime budget',
      ]);
    });

    it('tells nothing while no environment has passed a threshold', async () => {
      await outage('2026-11-18T10:00:00-05:00', '2026-11-18T10:30:00-05:00');
      expect(await scanBudgets({ store, config, calendars }, NOW)).toBe(0);
      expect(await events()).toEqual([]);
    });

    it('reminds each contact once, a day before a window noticed earlier than that; not a window noticed inside the day', async () => {
      const start = instant('2026-11-20T08:00:00-05:00');
      const window = (createdAt: number) =>
        store.transaction(async (tx) => {
          const windowId = await insertWindow(tx, {
            impact: 'upgrade',
            environmentIds: ['acme-prod'],
            createdBy: 'sre',
            createdAt,
            version: { start, end: start + 3_600_000, noticeSentAt: createdAt, noticeRef: null, recordedAt: createdAt, recordedBy: 'sre', changeReason: null },
          });
          const version = (await allWindows(tx)).find((found) => found.id === windowId)!.versions[0]!;
          await recordEvent(tx, { key: `window-notice:${version.id}`, kind: 'maintenance_notice', subject: `window:${windowId}`, occurredAt: createdAt }, createdAt);
        });
      await window(instant('2026-11-10T09:00:00-05:00'));
      await window(instant('2026-11-19T09:00:00-05:00')); // noticed inside the day before: the notice is its own reminder
      const dayBefore = start - 86_400_000;
      expect(await scanReminders({ store, config, calendars }, dayBefore - 60_000)).toBe(0);
      expect(await scanReminders({ store, config, calendars }, dayBefore)).toBe(1);
      expect(await scanReminders({ store, config, calendars }, dayBefore + 3_600_000)).toBe(0);
      const recipients = await store.db.select({ recipient: store.t.notificationOutbox.recipient }).from(store.t.notificationOutbox).orderBy(asc(store.t.notificationOutbox.id));
      expect(recipients.map((row) => row.recipient)).toEqual(['ops@acme.example', 'it@acme.example']);
      expect((await events()).filter((key) => key.startsWith('window-reminder:'))).toHaveLength(1);
    });

    it('warns before an incident deadline and again when it is missed, once each, and not once it is met', async () => {
      const { t } = store;
      await store.transaction(async (tx) => {
        const [row] = await tx.db
          .insert(t.incidents)
          .values({
            title: 'Acme down',
            priority: 'I',
            kind: 'incident',
            channel: 'phone',
            public: false,
            calendar: 'default',
            openedAt: instant('2026-11-16T10:00:00-05:00'),
            createdAt: instant('2026-11-16T10:00:00-05:00'),
            createdBy: 'sre',
            responseDueAt: instant('2026-11-16T10:30:00-05:00'),
            resolutionDueAt: instant('2026-11-16T14:00:00-05:00'),
          })
          .returning({ id: t.incidents.id });
        await tx.db.insert(t.incidentEnvironments).values({ incidentId: row!.id, envId: 'acme-prod' });
      });
      const scan = (at: string) => scanDeadlines({ store, config, calendars }, instant(at));
      expect(await scan('2026-11-16T10:15:00-05:00')).toBe(0);
      expect(await scan('2026-11-16T10:21:00-05:00')).toBe(1);
      expect(await scan('2026-11-16T10:25:00-05:00')).toBe(0);
      expect(await scan('2026-11-16T10:31:00-05:00')).toBe(1);
      await store.transaction(async (tx) => {
        await tx.db.update(t.incidents).set({ respondedAt: instant('2026-11-16T10:40:00-05:00') });
      });
      expect(await scan('2026-11-16T13:55:00-05:00')).toBe(1);
      expect(await events()).toEqual([
        `deadline-near:1:response:${instant('2026-11-16T10:30:00-05:00')}`,
        `deadline-missed:1:response:${instant('2026-11-16T10:30:00-05:00')}`,
        `deadline-near:1:resolution:${instant('2026-11-16T14:00:00-05:00')}`,
      ]);
      const hook = (await alerts()).filter((line) => line.startsWith('ops-hook: '));
      expect(hook.map((line) => line.slice(0, 40))).toEqual([
        'ops-hook: DEADLINE NEAR: first response ',
        'ops-hook: DEADLINE MISSED: first respons',
        'ops-hook: DEADLINE NEAR: resolution of i',
      ]);
    });
  });
}
