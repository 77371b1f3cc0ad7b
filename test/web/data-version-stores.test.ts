import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDataVersionReader, SERVER_VERSION_MS, type DataVersion } from '../../src/cache/data-version.ts';
import { openDatabase } from '../../src/store/database.ts';
import type { Store } from '../../src/store/store.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';

// The fingerprints the caches of the pages and reports are kept by, on every store: the
// registry moves with an audited write and only then, the observations with any write. A
// server is asked at most once per SERVER_VERSION_MS, however many readers ask meanwhile.

const audited = (store: Store, at: number) => store.transaction((tx) => tx.db.insert(tx.t.auditLog).values({ at, actor: 'sre', action: 'maintenance.create' }));
const observed = (store: Store, at: number) =>
  store.transaction((tx) => tx.db.insert(tx.t.probeFailures).values({ checkId: 'acme-web', envId: 'acme-prod', at, latencyMs: null, reason: 'refused' }));

describe('the data version on SQLite', () => {
  it('moves its registry with an audited write only, its observations with any write, read on its connection at each ask', async () => {
    const opened = openDatabase(':memory:');
    try {
      const version = createDataVersionReader(opened);
      const first = version() as DataVersion;
      await observed(opened.store, 1);
      const second = version() as DataVersion;
      expect([second.registry, second.observations === first.observations]).toEqual([first.registry, false]);
      await audited(opened.store, 2);
      const third = version() as DataVersion;
      expect([third.registry > second.registry, third.observations === second.observations]).toEqual([true, false]);
    } finally {
      opened.close();
    }
  });

  it('moves both with a write another process commits to the file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'veille-version-')), 'veille.db');
    const ours = openDatabase(file);
    const theirs = openDatabase(file);
    try {
      const version = createDataVersionReader(ours);
      const first = version() as DataVersion;
      await observed(theirs.store, 1);
      const second = version() as DataVersion;
      expect([second.registry, second.observations === first.observations]).toEqual([first.registry, false]);
      await audited(theirs.store, 2);
      const third = version() as DataVersion;
      expect([third.registry > second.registry, third.observations === second.observations]).toEqual([true, false]);
    } finally {
      theirs.close();
      ours.close();
    }
  });
});

for (const backend of storeBackends().filter((candidate) => candidate.name !== 'SQLite')) {
  describe.skipIf(backend.unavailable !== null)(`the data version on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    it('moves its registry with an audited write only, its observations with any write', async () => {
      let clock = 0;
      const version = createDataVersionReader({ store }, () => clock);
      const read = async () => {
        clock += SERVER_VERSION_MS;
        return version();
      };
      const first = await read();
      await observed(store, 1);
      const second = await read();
      expect(second.registry).toBe(first.registry);
      expect(second.observations).not.toBe(first.observations);
      await audited(store, 2);
      const third = await read();
      expect(third.registry).toBeGreaterThan(second.registry);
      expect(third.observations).not.toBe(second.observations);
    });

    it('asks the server once per interval whatever the number of readers, and again after it', async () => {
      let clock = 0;
      const version = createDataVersionReader({ store }, () => clock);
      const together = await Promise.all(Array.from({ length: 20 }, () => version()));
      expect(new Set(together).size).toBe(1);
      await audited(store, 1);
      clock += SERVER_VERSION_MS - 1;
      const cached = version();
      expect(cached).not.toBeInstanceOf(Promise);
      expect((cached as DataVersion).registry).toBe(together[0]!.registry);
      clock += 1;
      expect((await version()).registry).toBeGreaterThan(together[0]!.registry);
    });
  });
}
