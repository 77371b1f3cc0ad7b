import { describe, expect, it } from 'vitest';
import { listAudit } from '../../src/audit/audit-log.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import { createExclusionSchema } from '../../src/exclusions/exclusion-input.ts';
import { excludeOutage, revokeExclusion } from '../../src/exclusions/exclusion-service.ts';
import { closeOutageSchema, manualOutageSchema } from '../../src/outages/manual-outage-input.ts';
import { closeManualOutage, recordManualOutage } from '../../src/outages/manual-outage-service.ts';
import { closeOutage, findOutage, insertOutage, outagesBetween, type NewOutage, type OutageNotices } from '../../src/outages/outage-store.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';

// Outages (rule 4) are one contract on every database: written and read back as they were, ended
// once, listed oldest first and paged; an outage recorded by hand with its audit entry and its
// alerts or not at all, ended by hand only within what has happened and never through an
// exclusion that applies to it (rule 6).

const config = parseConfig(TEST_CONFIG_YAML, 'test.yaml');
const NOW = instant('2026-11-16T12:00:00-05:00');
const at = (time: string) => instant(`2026-11-16T${time}-05:00`);
const sre = { actor: 'sre-alice', now: NOW };

const probe = (fields: Partial<NewOutage> = {}): NewOutage => ({
  checkId: 'acme-web',
  envId: 'acme-prod',
  start: at('10:00:00'),
  end: null,
  lastDownAt: at('10:05:00'),
  source: 'probe',
  reason: 'HTTP 503',
  createdBy: 'monitor',
  createdAt: NOW,
  ...fields,
});

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`outages on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));
    const insert = (fields: Partial<NewOutage> = {}) => store.transaction((tx) => insertOutage(tx, probe(fields)));
    const record = (input: Record<string, unknown>, notices?: Partial<OutageNotices>) =>
      recordManualOutage({ store, config, notices }, manualOutageSchema.parse({ check: 'acme-web', start: '2026-11-16T09:00:00-05:00', reason: 'client report', ...input }), sre);
    const close = (id: number, input: Record<string, unknown> = {}, notices?: Partial<OutageNotices>) => closeManualOutage({ store, notices }, id, closeOutageSchema.parse(input), sre);

    describe('the store', () => {
      it('reads an outage back as written, and ends it once', async () => {
        const id = await insert();
        expect(await findOutage(store, id)).toEqual({ id, ...probe(), closedReason: null });
        expect(await findOutage(store, id + 1)).toBeNull();
        expect(await store.transaction((tx) => closeOutage(tx, id, { end: at('10:06:00'), closedReason: 'recovered' }))).toBe(true);
        expect(await store.transaction((tx) => closeOutage(tx, id, { end: at('10:07:00'), closedReason: 'gap' }))).toBe(false);
        expect(await findOutage(store, id)).toMatchObject({ end: at('10:06:00'), closedReason: 'recovered' });
      });

      it('lists the outages of some checks overlapping a span, open ones included, oldest first, paged by (start, id)', async () => {
        const early = await insert({ start: at('08:00:00'), end: at('08:30:00') });
        const open = await insert({ start: at('10:00:00') });
        const tie = await insert({ checkId: 'globex-web', envId: 'globex-prod', start: at('10:00:00'), end: at('10:10:00') });
        const late = await insert({ checkId: 'acme-login', start: at('11:00:00'), end: at('11:05:00') });
        const ids = async (query: Parameters<typeof outagesBetween>[1]) => (await outagesBetween(store, query)).map((outage) => outage.id);
        expect(await ids({})).toEqual([early, open, tie, late]);
        expect(await ids({ checkIds: ['acme-web', 'acme-login'] })).toEqual([early, open, late]);
        expect(await ids({ checkIds: [] })).toEqual([]);
        expect(await ids({ from: at('08:30:00'), to: at('11:00:00') })).toEqual([open, tie]);
        expect(await ids({ from: at('10:10:00') })).toEqual([open, late]);
        expect(await ids({ limit: 2 })).toEqual([early, open]);
        expect(await ids({ after: { start: at('10:00:00'), id: open }, limit: 2 })).toEqual([tie, late]);
      });
    });

    describe('outages recorded by hand', () => {
      it('are recorded with their audit entry and told to the team in the same transaction; one with an end is told as ended too', async () => {
        const told: string[] = [];
        const notices: OutageNotices = {
          outageOpened: async (tx, event) => {
            told.push(`opened ${event.outageId} (${(await findOutage(tx, event.outageId))?.source})`);
          },
          outageClosed: async (_tx, event) => {
            told.push(`closed ${event.outageId} by ${event.closedBy}`);
          },
        };
        const going = await record({}, notices);
        expect(going).toEqual({
          id: 1,
          checkId: 'acme-web',
          envId: 'acme-prod',
          start: at('09:00:00'),
          end: null,
          lastDownAt: null,
          source: 'manual',
          reason: 'client report',
          createdBy: 'sre-alice',
          createdAt: NOW,
          closedReason: null,
        });
        const ended = await record({ end: '2026-11-16T09:30:00-05:00' }, notices);
        expect(ended).toMatchObject({ id: 2, end: at('09:30:00') });
        expect(told).toEqual(['opened 1 (manual)', 'opened 2 (manual)', 'closed 2 by sre-alice']);
        expect((await listAudit(store)).reverse()).toMatchObject([
          { actor: 'sre-alice', action: 'outage.record', target: 'outage:1', details: { check: 'acme-web', start: '2026-11-16T14:00:00.000Z', end: null, reason: 'client report' } },
          { actor: 'sre-alice', action: 'outage.record', target: 'outage:2', details: { end: '2026-11-16T14:30:00.000Z' } },
        ]);
      });

      it('refuse an unknown check and what has not happened yet, naming the field, writing nothing', async () => {
        await expect(record({ check: 'initech-web' })).rejects.toMatchObject({ fields: [{ field: 'check', message: 'unknown check "initech-web"' }] });
        await expect(record({ start: '2026-11-16T12:00:01-05:00' })).rejects.toMatchObject({ fields: [{ field: 'start' }] });
        await expect(record({ end: '2026-11-16T09:00:00-05:00' })).rejects.toMatchObject({ fields: [{ field: 'end', message: 'must be after start' }] });
        await expect(record({ end: '2026-11-16T12:00:01-05:00' })).rejects.toMatchObject({ fields: [{ field: 'end' }] });
        expect(await outagesBetween(store, {})).toEqual([]);
        expect(await listAudit(store)).toEqual([]);
      });

      it('leave nothing when the alert fails, as the whole write is one transaction', async () => {
        await expect(record({}, { outageOpened: async () => Promise.reject(new Error('outbox gone')) })).rejects.toThrow('outbox gone');
        expect(await outagesBetween(store, {})).toEqual([]);
        expect(await listAudit(store)).toEqual([]);
      });

      it('are ended by hand once, within what has happened, with their audit entry and the team told who ended them', async () => {
        const { id } = await record({});
        const told: string[] = [];
        const ended = await close(id, { end: '2026-11-16T09:45:00-05:00', reason: 'fixed by the host' }, { outageClosed: async (_tx, event) => void told.push(`closed ${event.outageId} by ${event.closedBy}`) });
        expect(ended).toMatchObject({ id, end: at('09:45:00'), closedReason: 'fixed by the host' });
        expect(told).toEqual([`closed ${id} by sre-alice`]);
        expect((await listAudit(store))[0]).toMatchObject({ action: 'outage.close', target: `outage:${id}`, details: { end: '2026-11-16T14:45:00.000Z', reason: 'fixed by the host' } });
        await expect(close(id)).rejects.toThrow(`outage ${id} has already ended`);
        const other = (await record({})).id;
        expect(await close(other)).toMatchObject({ end: NOW, closedReason: null });
      });

      it('refuse to end an unknown outage, the prober’s, or at an end before the start or in the future', async () => {
        const { id } = await record({});
        const probed = await insert();
        await expect(close(99)).rejects.toThrow('outage 99 not found');
        await expect(close(probed)).rejects.toThrow(`outage ${probed} was opened by the prober`);
        await expect(close(id, { end: '2026-11-16T09:00:00-05:00' })).rejects.toMatchObject({ fields: [{ field: 'end', message: 'must be after the outage start' }] });
        await expect(close(id, { end: '2026-11-16T12:00:01-05:00' })).rejects.toMatchObject({ fields: [{ field: 'end', message: 'is in the future' }] });
        expect((await findOutage(store, id))!.end).toBeNull();
      });

      it('are never ended through an exclusion that applies: before the end of one, or at the start of one left open; a revoked one does not count', async () => {
        const { id } = await record({});
        const exclusion = (fields: Record<string, unknown>) => excludeOutage({ store }, id, createExclusionSchema.parse({ reason: 'client_internet', justification: 'Client ISP outage', ...fields }), sre);
        await exclusion({ start: '2026-11-16T09:10:00-05:00', end: '2026-11-16T09:20:00-05:00' });
        await expect(close(id, { end: '2026-11-16T09:15:00-05:00' })).rejects.toMatchObject({ fields: [{ field: 'end', message: expect.stringMatching(/^is before the end of exclusion 1 /) }] });
        const open = await exclusion({ start: '2026-11-16T09:30:00-05:00' });
        await expect(close(id, { end: '2026-11-16T09:30:00-05:00' })).rejects.toMatchObject({ fields: [{ field: 'end', message: expect.stringMatching(/^is not after the start of exclusion 2 /) }] });
        await revokeExclusion({ store }, open.id, { reason: 'wrong outage' }, sre);
        expect(await close(id, { end: '2026-11-16T09:25:00-05:00' })).toMatchObject({ end: at('09:25:00') });
      });
    });
  });
}
