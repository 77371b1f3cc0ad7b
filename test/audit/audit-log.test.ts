import { describe, expect, it } from 'vitest';
import { listAudit, recordAudit } from '../../src/audit/audit-log.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';

// The audit log is one contract on every database: entries recorded with the write they
// describe (or not at all), read back newest first, details as they were written.

const NINE = instant('2026-03-02T09:00:00-05:00');
const TEN = instant('2026-03-02T10:00:00-05:00');
const ELEVEN = instant('2026-03-02T11:00:00-05:00');

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`the audit log on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    it('reads entries newest first, the later recorded first at the same instant, details as written', async () => {
      await store.transaction(async (tx) => {
        await recordAudit(tx, { at: TEN, actor: 'sre', action: 'exclusion.create', target: 'exclusion:1', details: { reason: 'force_majeure', span: ['a', 2], nested: { none: null } } });
        await recordAudit(tx, { at: NINE, actor: 'admin', action: 'token.create' });
        await recordAudit(tx, { at: TEN, actor: 'sre', action: 'exclusion.revoke', target: 'exclusion:1', details: 'text' });
      });
      const entries = await listAudit(store);
      expect(entries.map((entry) => [entry.id, entry.action])).toEqual([
        [3, 'exclusion.revoke'],
        [1, 'exclusion.create'],
        [2, 'token.create'],
      ]);
      expect(entries[1]).toEqual({ id: 1, at: TEN, actor: 'sre', action: 'exclusion.create', target: 'exclusion:1', details: { reason: 'force_majeure', span: ['a', 2], nested: { none: null } } });
      expect(entries[2]).toMatchObject({ target: null, details: null });
      expect(entries[0]!.details).toBe('text');
    });

    it('reads [from, to) and at most limit entries', async () => {
      await store.transaction(async (tx) => {
        for (const at of [NINE, TEN, ELEVEN]) await recordAudit(tx, { at, actor: 'sre', action: 'incident.update' });
      });
      expect((await listAudit(store, { from: TEN })).map((entry) => entry.at)).toEqual([ELEVEN, TEN]);
      expect((await listAudit(store, { to: TEN })).map((entry) => entry.at)).toEqual([NINE]);
      expect((await listAudit(store, { from: NINE, to: ELEVEN, limit: 1 })).map((entry) => entry.at)).toEqual([TEN]);
    });

    it('an entry is undone with the write it describes', async () => {
      await expect(
        store.transaction(async (tx) => {
          await recordAudit(tx, { at: TEN, actor: 'sre', action: 'maintenance.cancel' });
          throw new Error('window already cancelled');
        }),
      ).rejects.toThrow('window already cancelled');
      expect(await listAudit(store)).toEqual([]);
    });
  });
}
