import { describe, expect, it } from 'vitest';
import { prepareLatestObservations } from '../../src/history/history-reads.ts';
import { openDatabase } from '../../src/store/database.ts';
import { instant } from '../../src/time/iso.ts';

// The SQLite prober's restore reads a check's latest results back as the implicit location's
// (docs/locations.md): rows another location wrote into the same file are not its history.

const T = instant('2026-11-16T10:00:00-05:00');

describe('the latest observations read back for the detector', () => {
  it("are the implicit location's own, whatever other locations wrote later", () => {
    const database = openDatabase(':memory:');
    try {
      const { db } = database;
      const t = database.store.t;
      db.insert(t.probeRuns).values({ checkId: 'web', envId: 'acme-prod', location: 'default', status: 'down', reason: 'refused', firstAt: T, lastAt: T + 10_000, count: 2 }).run();
      db.insert(t.probeFailures).values([
        { checkId: 'web', envId: 'acme-prod', location: 'default', at: T, reason: 'refused' },
        { checkId: 'web', envId: 'acme-prod', location: 'default', at: T + 10_000, reason: 'refused' },
      ]).run();
      db.insert(t.probeRuns).values({ checkId: 'web', envId: 'acme-prod', location: 'mtl', status: 'down', reason: 'timeout', firstAt: T + 5_000, lastAt: T + 25_000, count: 3 }).run();
      db.insert(t.probeFailures).values([15_000, 20_000, 25_000].map((s) => ({ checkId: 'web', envId: 'acme-prod', location: 'mtl', at: T + s, reason: 'timeout' }))).run();
      db.insert(t.probeRuns).values({ checkId: 'api', envId: 'acme-prod', location: 'mtl', status: 'up', firstAt: T, lastAt: T, count: 1 }).run();

      const latest = prepareLatestObservations(database.sqlite);
      expect(latest('web', 3)).toEqual([
        { at: T + 10_000, status: 'down', reason: 'refused' },
        { at: T, status: 'down', reason: 'refused' },
      ]);
      expect(latest('api', 3)).toEqual([]);
    } finally {
      database.close();
    }
  });
});
