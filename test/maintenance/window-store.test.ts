import { beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/audit/audit-log.ts';
import { buildCalendars } from '../../src/config/calendars.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import { noticeState } from '../../src/maintenance/notice-state.ts';
import { cancelWindowSchema, createWindowSchema, rescheduleWindowSchema } from '../../src/maintenance/window-input.ts';
import { listWindows } from '../../src/maintenance/window-listing.ts';
import { cancelWindow, registerWindow, rescheduleWindow, type RegistryDeps } from '../../src/maintenance/window-service.ts';
import { allWindows, findWindow } from '../../src/maintenance/window-store.ts';
import { createNotificationEvents } from '../../src/notify/events.ts';
import { clientMessagesQueued, queueReminder, wasNoticedByVeille } from '../../src/notify/maintenance-notices.ts';
import { completeNotice } from '../../src/notify/notice-completion.ts';
import { noticedVersionIds, recordSent } from '../../src/notify/outbox-store.ts';
import { announcedMaintenanceAt } from '../../src/outages/announced-maintenance.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { notifyConfigYaml } from '../notify/support/notify-fixture.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';

// The maintenance registry (rule 5) is one contract on every database: windows with every
// version of their times, a cancellation that happens once, the formal notices queued in the
// same transaction and their state, the listing, and the window an outage's start falls in.

const config = parseConfig(notifyConfigYaml({ smtpPort: 9 }), 'maintenance-test.yaml');
const calendars = buildCalendars(config);
const NOW = instant('2026-11-16T12:00:00-05:00');
const sre = { actor: 'sre-alice', now: NOW };
const WINDOW = { environments: ['globex-prod', 'acme-prod'], start: '2026-11-18T22:00:00-05:00', end: '2026-11-18T23:30:00-05:00', impact: 'Database upgrade' };
const create = (fields: Record<string, unknown> = {}) => createWindowSchema.parse({ ...WINDOW, ...fields });

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`maintenance windows on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    let registry: RegistryDeps;
    freshStoreEachTest(backend, (opened) => {
      store = opened;
      registry = { store, config, notices: createNotificationEvents({ config, calendars }) };
    });

    const outbox = () => store.db.select().from(store.t.notificationOutbox).orderBy(store.t.notificationOutbox.id);
    const events = () => store.db.select().from(store.t.notificationEvents).orderBy(store.t.notificationEvents.id);

    it('registers a window with its first version and audit entry, and reads it back', async () => {
      const window = await registerWindow(registry, create({ noticeSentAt: '2026-11-16T09:00:00-05:00', noticeRef: 'AV-12' }), sre);
      expect(window).toEqual({
        id: 1,
        impact: 'Database upgrade',
        // In the order of their ids, whichever database answers.
        environmentIds: ['acme-prod', 'globex-prod'],
        createdBy: 'sre-alice',
        createdAt: NOW,
        cancelledAt: null,
        cancelledBy: null,
        cancelReason: null,
        versions: [
          {
            id: 1,
            start: instant(WINDOW.start),
            end: instant(WINDOW.end),
            noticeSentAt: instant('2026-11-16T09:00:00-05:00'),
            noticeRef: 'AV-12',
            recordedAt: NOW,
            recordedBy: 'sre-alice',
            changeReason: null,
          },
        ],
      });
      expect(await findWindow(store, 1)).toEqual(window);
      expect(await allWindows(store)).toEqual([window]);
      expect(await listAudit(store)).toMatchObject([
        { actor: 'sre-alice', action: 'maintenance.create', target: 'maintenance:1', details: { environments: WINDOW.environments, noticeRef: 'AV-12', notify: false } },
      ]);
      expect(noticeState(window.versions[0]!, false)).toEqual({ kind: 'recorded', at: instant('2026-11-16T09:00:00-05:00'), ref: 'AV-12' });
    });

    it('keeps every version of a rescheduled window; a cancelled window takes no new times and is cancelled once', async () => {
      const { id } = await registerWindow(registry, create(), sre);
      const moved = await rescheduleWindow(registry, id, rescheduleWindowSchema.parse({ start: '2026-11-19T22:00:00-05:00', duration: '2h', reason: 'Vendor delay' }), { actor: 'sre-bob', now: NOW + 1000 });
      expect(moved.versions.map((version) => [version.start, version.end, version.recordedBy, version.changeReason])).toEqual([
        [instant(WINDOW.start), instant(WINDOW.end), 'sre-alice', null],
        [instant('2026-11-19T22:00:00-05:00'), instant('2026-11-20T00:00:00-05:00'), 'sre-bob', 'Vendor delay'],
      ]);
      const cancelled = await cancelWindow(registry, id, cancelWindowSchema.parse({ reason: 'Postponed' }), { actor: 'sre-bob', now: NOW + 2000 });
      expect(cancelled).toMatchObject({ cancelledAt: NOW + 2000, cancelledBy: 'sre-bob', cancelReason: 'Postponed' });
      await expect(cancelWindow(registry, id, { reason: 'again' }, { actor: 'sre-alice', now: NOW + 3000 })).rejects.toMatchObject({ status: 409 });
      await expect(rescheduleWindow(registry, id, rescheduleWindowSchema.parse({ start: WINDOW.start, duration: '1h', reason: 'x' }), sre)).rejects.toMatchObject({ status: 409 });
      await expect(cancelWindow(registry, 99, { reason: 'none' }, sre)).rejects.toMatchObject({ status: 404 });
      expect(await findWindow(store, id)).toMatchObject({ cancelledBy: 'sre-bob', versions: [{}, {}] });
      expect((await listAudit(store)).map((entry) => entry.action)).toEqual(['maintenance.cancel', 'maintenance.reschedule', 'maintenance.create']);
    });

    it('a refused registration leaves nothing behind: no window, no audit entry, no notice', async () => {
      await expect(registerWindow(registry, create({ environments: ['nowhere'] }), sre)).rejects.toMatchObject({ status: 400, fields: [{ field: 'environments[0]' }] });
      const nobody = parseConfig(notifyConfigYaml({ smtpPort: 9 }).replace('clients: [Globex]', 'clients: []'), 'nobody.yaml');
      const refusing = { store, config: nobody, notices: createNotificationEvents({ config: nobody, calendars: buildCalendars(nobody) }) };
      // Refused by the notifier inside the transaction, after the window's rows were written.
      await expect(registerWindow(refusing, create({ environments: ['globex-prod'], notify: true }), sre)).rejects.toMatchObject({ status: 400, fields: [{ field: 'notify' }] });
      expect(await allWindows(store)).toEqual([]);
      expect(await listAudit(store)).toEqual([]);
      expect(await events()).toEqual([]);
    });

    it('queues the formal notice in the registration: pending until every message is accepted, then e-mailed', async () => {
      const window = await registerWindow(registry, create({ notify: true }), sre);
      const version = window.versions[0]!;
      expect(version).toMatchObject({ noticeSentAt: null, noticeRef: null });
      expect(noticeState(version, false)).toEqual({ kind: 'pending' });
      expect((await events()).map((event) => [event.key, event.kind])).toEqual([
        ['window-notice:1', 'maintenance_notice'],
        ['window-public:1', 'maintenance_public'],
      ]);
      const notices = (await outbox()).filter((delivery) => delivery.channel === 'clients');
      expect(notices.map((delivery) => [delivery.recipient, delivery.windowVersionId, delivery.status])).toEqual([
        ['ops@acme.example', 1, 'pending'],
        ['it@acme.example', 1, 'pending'],
        ['noc@globex.example', 1, 'pending'],
      ]);
      expect(await clientMessagesQueued(store, window.id, NOW)).toBe(3);
      expect(await noticedVersionIds(store, [version.id])).toEqual(new Set([1]));

      const accepted = instant('2026-11-16T12:05:00-05:00');
      await store.transaction(async (tx) => {
        for (const [k, delivery] of notices.entries()) await recordSent(tx, delivery.id, { at: accepted - k * 1000, ref: `<m${k}@aidi.example>` });
        expect(await completeNotice(tx, version.id, accepted)).toBe(true);
      });
      const noticed = (await findWindow(store, window.id))!.versions[0]!;
      expect(noticeState(noticed, true)).toEqual({ kind: 'emailed', at: accepted, ref: '<m0@aidi.example> <m1@aidi.example> <m2@aidi.example>' });
    });

    it('e-mails the change and the cancellation of a window whose notice veille sent, and reminds once per version', async () => {
      const window = await registerWindow(registry, create({ notify: true }), sre);
      expect(await wasNoticedByVeille(store, window)).toBe(true);
      const moved = await rescheduleWindow(registry, window.id, rescheduleWindowSchema.parse({ start: '2026-11-19T22:00:00-05:00', duration: '1h', reason: 'Vendor delay' }), { actor: 'sre-alice', now: NOW + 1000 });
      expect(moved.versions[1]!.noticeSentAt).toBeNull();
      expect(await clientMessagesQueued(store, window.id, NOW + 1000)).toBe(3);
      await store.transaction(async (tx) => {
        expect(await queueReminder(tx, { config, calendars }, moved, moved.versions[1]!, NOW + 2000)).toBe(true);
        expect(await queueReminder(tx, { config, calendars }, moved, moved.versions[1]!, NOW + 3000)).toBe(false);
      });
      await cancelWindow(registry, window.id, { reason: 'Postponed' }, { actor: 'sre-alice', now: NOW + 4000 });
      expect(await clientMessagesQueued(store, window.id, NOW + 4000)).toBe(3);
      expect((await events()).map((event) => event.kind)).toEqual([
        'maintenance_notice',
        'maintenance_public',
        'maintenance_change',
        'maintenance_public',
        'maintenance_reminder',
        'maintenance_cancellation',
        'maintenance_public',
      ]);
      // Only a notice or a change is the notice of its version.
      expect((await outbox()).filter((delivery) => delivery.channel === 'clients').map((delivery) => delivery.windowVersionId)).toEqual([1, 1, 1, 2, 2, 2, null, null, null, null, null, null]);
    });

    it('a window without a notice from veille is not e-mailed when it moves', async () => {
      const window = await registerWindow(registry, create(), sre);
      expect(await wasNoticedByVeille(store, window)).toBe(false);
      await rescheduleWindow(registry, window.id, rescheduleWindowSchema.parse({ start: WINDOW.start, duration: '1h', reason: 'Shorter' }), sre);
      await cancelWindow(registry, window.id, { reason: 'Postponed' }, sre);
      expect((await outbox()).filter((delivery) => delivery.channel === 'clients')).toEqual([]);
    });

    it('lists windows grouped by status, and anonymous readers only those of public environments', async () => {
      const day = 86_400_000;
      const at = (offset: number) => new Date(NOW + offset).toISOString();
      await registerWindow(registry, create({ environments: ['acme-prod'], start: at(2 * day), end: at(2 * day + 3_600_000) }), sre);
      await registerWindow(registry, create({ environments: ['acme-prod'], start: at(day), end: at(day + 3_600_000) }), sre);
      await registerWindow(registry, create({ environments: ['globex-prod'], start: at(-1_800_000), end: at(1_800_000) }), sre);
      await registerWindow(registry, create({ environments: ['acme-prod'], start: at(-2 * day), end: at(-2 * day + 3_600_000) }), sre);
      const cancelled = await registerWindow(registry, create({ environments: ['acme-prod'], start: at(3 * day), end: at(3 * day + 3_600_000) }), sre);
      await cancelWindow(registry, cancelled.id, { reason: 'Postponed' }, sre);
      const ids = (listing: Awaited<ReturnType<typeof listWindows>>) => Object.fromEntries(Object.entries(listing).map(([status, windows]) => [status, windows.map((window) => window.id)]));
      expect(ids(await listWindows({ store, config }, { now: NOW, publicOnly: false }))).toEqual({ upcoming: [2, 1], current: [3], past: [4], cancelled: [5] });
      expect(ids(await listWindows({ store, config }, { now: NOW, publicOnly: true }))).toEqual({ upcoming: [2, 1], current: [], past: [4], cancelled: [5] });
      expect(ids(await listWindows({ store, config }, { now: NOW, publicOnly: false, from: NOW + day, to: NOW + 2 * day }))).toEqual({ upcoming: [2], current: [], past: [], cancelled: [] });
    });

    it('answers which announced window an outage starting at an instant falls in', async () => {
      const start = instant(WINDOW.start);
      await registerWindow(registry, create({ environments: ['acme-prod'] }), sre);
      const pending = await registerWindow(registry, create({ environments: ['globex-prod'], notify: true }), sre);
      expect(await announcedMaintenanceAt(store, 'acme-prod', start + 60_000)).toEqual({ windowId: 1, noticeSentAt: NOW, start, end: instant(WINDOW.end) });
      expect(await announcedMaintenanceAt(store, 'acme-prod', start - 1)).toBeNull();
      expect(await announcedMaintenanceAt(store, 'acme-prod', instant(WINDOW.end))).toBeNull();
      // A notice veille is still e-mailing announces nothing yet.
      expect(await announcedMaintenanceAt(store, 'globex-prod', start + 60_000)).toBeNull();
      await cancelWindow(registry, pending.id, { reason: 'Postponed' }, sre);
      // Cancelled once it had begun: the window ends at the cancellation.
      await cancelWindow(registry, 1, { reason: 'Done early' }, { actor: 'sre-alice', now: start + 30 * 60_000 });
      expect(await announcedMaintenanceAt(store, 'acme-prod', start + 60_000)).toEqual({ windowId: 1, noticeSentAt: NOW, start, end: start + 30 * 60_000 });
    });
  });
}
