import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { pruneMinutesBatch } from '../../src/retention/prune-history.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';

// A batch of latency minutes to prune is named by their whole key, check, location and minute:
// the same check's minute at another location is another row, left to a later batch, so a batch
// deletes exactly as many rows as it chose (its transaction stays as short as its bound says).

const cutoff = instant('2026-10-10T00:00:00-04:00');
const old = cutoff - 3_600_000;

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`pruning latency minutes by their whole key on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    const minute = (location: string, at: number) => ({ checkId: 'web', location, minute: at, up: 1, degraded: 0, p50Ms: 10, p95Ms: 10, p99Ms: 10, maxMs: 10, latencies: '[10]' });
    const left = async () => {
      const { t } = store;
      return (await store.db.select({ location: t.probeLatencyMinutes.location, minute: t.probeLatencyMinutes.minute }).from(t.probeLatencyMinutes).orderBy(asc(t.probeLatencyMinutes.minute), asc(t.probeLatencyMinutes.location))).map(
        (row) => `${row.location} ${row.minute === old ? 'old' : 'recent'}`,
      );
    };

    it("deletes one location's minute per row of the batch, never the same minute of the check's other locations with it", async () => {
      await store.transaction(async (tx) => {
        await tx.db.insert(tx.t.probeLatencyMinutes).values([minute('mtl', old), minute('tor', old), minute('van', old), minute('mtl', cutoff), minute('tor', cutoff)]);
      });

      expect(await pruneMinutesBatch(store, cutoff, 1)).toBe(1);
      expect(await left()).toHaveLength(4);
      expect(await pruneMinutesBatch(store, cutoff, 2)).toBe(2);
      expect(await left()).toEqual(['mtl recent', 'tor recent']);
      expect(await pruneMinutesBatch(store, cutoff, 2)).toBe(0);
    });
  });
}
