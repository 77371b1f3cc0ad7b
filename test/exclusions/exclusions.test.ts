import { beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/audit/audit-log.ts';
import { createExclusionSchema } from '../../src/exclusions/exclusion-input.ts';
import { excludeOutage, revokeExclusion } from '../../src/exclusions/exclusion-service.ts';
import { exclusionsOf, findExclusion } from '../../src/exclusions/exclusion-store.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';

// Exclusions (rule 6) are one contract on every database: an exclusion recorded with its audit
// entry or not at all, a revocation that happens once, the same rows read back.

const START = instant('2026-03-10T09:00:00-04:00');
const END = instant('2026-03-10T11:00:00-04:00');
const NOW = instant('2026-03-12T09:00:00-04:00');
const sre = { actor: 'sre-alice', now: NOW };

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`exclusions on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    let closed: number;
    let open: number;
    freshStoreEachTest(backend, (opened) => (store = opened));
    beforeEach(async () => {
      [closed, open] = await store.transaction(async (tx) => {
        const rows = await tx.db
          .insert(tx.t.outages)
          .values([
            { checkId: 'acme-web', envId: 'acme-prod', start: START, end: END, source: 'probe', reason: 'HTTP 503', createdBy: 'monitor', createdAt: START },
            { checkId: 'acme-api', envId: 'acme-prod', start: START, end: null, lastDownAt: NOW, source: 'probe', reason: 'timeout', createdBy: 'monitor', createdAt: START },
          ])
          .returning({ id: tx.t.outages.id });
        return rows.map((row) => row.id) as [number, number];
      });
    });

    const input = (fields: Record<string, unknown>) => createExclusionSchema.parse({ reason: 'client_internet', justification: 'Client ISP outage', ...fields });

    it('excuses a part of an outage, with its audit entry, and reads it back', async () => {
      const exclusion = await excludeOutage({ store }, closed, input({ start: '2026-03-10T10:00:00-04:00' }), sre);
      expect(exclusion).toEqual({
        id: 1,
        outageId: closed,
        reason: 'client_internet',
        justification: 'Client ISP outage',
        start: instant('2026-03-10T10:00:00-04:00'),
        end: END,
        createdBy: 'sre-alice',
        createdAt: NOW,
        revokedAt: null,
        revokedBy: null,
        revokeReason: null,
      });
      expect(await findExclusion(store, 1)).toEqual(exclusion);
      expect(await listAudit(store)).toMatchObject([
        { actor: 'sre-alice', action: 'exclusion.create', target: 'exclusion:1', details: { outage: closed, reason: 'client_internet', start: '2026-03-10T14:00:00.000Z', end: '2026-03-10T15:00:00.000Z' } },
      ]);
    });

    it('an outage still open is excused until it ends (end null)', async () => {
      expect((await excludeOutage({ store }, open, input({}), sre)).end).toBeNull();
    });

    it('a refused exclusion leaves nothing behind, neither row nor audit entry', async () => {
      await expect(excludeOutage({ store }, closed, input({ start: '2026-03-10T08:00:00-04:00' }), sre)).rejects.toMatchObject({ status: 400, fields: [{ field: 'start' }] });
      await expect(excludeOutage({ store }, open, input({ end: '2026-03-13T09:00:00-04:00' }), sre)).rejects.toMatchObject({ status: 400, fields: [{ field: 'end' }] });
      await expect(excludeOutage({ store }, 99, input({}), sre)).rejects.toMatchObject({ status: 404 });
      expect(await exclusionsOf(store, [closed, open])).toEqual([]);
      expect(await listAudit(store)).toEqual([]);
    });

    it('revokes once: the first revocation stands, a second is a conflict that changes nothing', async () => {
      const { id } = await excludeOutage({ store }, closed, input({}), sre);
      const revoked = await revokeExclusion({ store }, id, { reason: 'It was our own network' }, { actor: 'sre-bob', now: NOW + 1000 });
      expect(revoked).toMatchObject({ revokedAt: NOW + 1000, revokedBy: 'sre-bob', revokeReason: 'It was our own network' });
      await expect(revokeExclusion({ store }, id, { reason: 'again' }, { actor: 'sre-alice', now: NOW + 2000 })).rejects.toMatchObject({ status: 409 });
      await expect(revokeExclusion({ store }, 99, { reason: 'none' }, sre)).rejects.toMatchObject({ status: 404 });
      expect(await findExclusion(store, id)).toMatchObject({ revokedBy: 'sre-bob' });
      expect((await listAudit(store)).map((entry) => entry.action)).toEqual(['exclusion.revoke', 'exclusion.create']);
    });

    it("reads the exclusions of several outages in id order, revoked ones included, none for an empty list", async () => {
      await excludeOutage({ store }, open, input({}), sre);
      const second = await excludeOutage({ store }, closed, input({ reason: 'force_majeure' }), sre);
      await revokeExclusion({ store }, second.id, { reason: 'wrong outage' }, sre);
      await excludeOutage({ store }, closed, input({ start: '2026-03-10T10:30:00-04:00' }), sre);
      expect((await exclusionsOf(store, [closed, open])).map((row) => [row.id, row.outageId, row.revokedAt])).toEqual([
        [1, open, null],
        [2, closed, NOW],
        [3, closed, null],
      ]);
      expect(await exclusionsOf(store, [])).toEqual([]);
    });
  });
}
