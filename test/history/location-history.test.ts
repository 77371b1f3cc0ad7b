import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ResultHistory, type StoredResult } from '../../src/history/result-history.ts';
import { StagedHistoryRows } from '../../src/prober/postgres-history-rows.ts';
import type { Store } from '../../src/store/store.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';
import type { CheckConfig } from '../../src/config/types.ts';

const T = Date.UTC(2026, 10, 2, 12, 0, 0);
const result = (s: number, status: StoredResult['status'], latencyMs: number | null): StoredResult => ({
  checkId: 'web',
  envId: 'acme-prod',
  at: T + s * 1000,
  status,
  latencyMs,
  reason: status === 'down' ? 'refused' : null,
});

// A history on PostgreSQL stages its rows in the StagedHistoryRows it was made with, as the sink keeps them together.
const staged = new WeakMap<ResultHistory, StagedHistoryRows>();

/** Writes one location's results of a batch as its sink does on this database. */
async function writeAs(store: Store, location: string, history: ResultHistory | null, results: StoredResult[]): Promise<ResultHistory> {
  if (store.sqlite) {
    const sqlite = store.sqlite.sqlite;
    const kept = history ?? new ResultHistory(sqlite, location);
    sqlite.transaction(() => {
      for (const r of results) kept.record(r);
      kept.writeOpenMinutes();
    })();
    kept.commit();
    return kept;
  }
  let kept = history;
  if (!kept) {
    const fresh = new StagedHistoryRows(location);
    kept = new ResultHistory(fresh);
    staged.set(kept, fresh);
  }
  const rows = staged.get(kept)!;
  await store.transaction(async (tx) => {
    const check = { id: 'web', environmentId: 'acme-prod' } as CheckConfig;
    await rows.readAhead(tx, kept, results.map((r) => ({ check, at: r.at, result: { status: r.status, latencyMs: r.latencyMs ?? 0, reason: r.reason ?? null }, events: [] })));
    for (const r of results) kept!.record(r);
    kept!.writeOpenMinutes();
    await rows.write(tx, kept!);
  });
  kept.commit();
  return kept;
}

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable)(`each location's results are its own, on ${backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    it('keeps a run, its failures and its minutes per location for one check, whichever writes first, also when read again after a restart', async () => {
      // The two locations write in turns; each reads its latest run and minute from the database only once.
      const mtl = await writeAs(store, 'mtl', null, [result(0, 'up', 10), result(10, 'up', 20)]);
      const tor = await writeAs(store, 'tor', null, [result(2, 'down', null), result(12, 'down', null)]);
      await writeAs(store, 'mtl', mtl, [result(20, 'up', 30)]);
      await writeAs(store, 'tor', tor, [result(22, 'up', 5)]);
      // A restarted location reads its own latest run back, not the other's.
      await writeAs(store, 'mtl', null, [result(30, 'up', 40)]);
      await writeAs(store, 'tor', null, [result(32, 'up', 7)]);
      const { db, t } = store;
      const runs = await db
        .select({ location: t.probeRuns.location, status: t.probeRuns.status, firstAt: t.probeRuns.firstAt, lastAt: t.probeRuns.lastAt, count: t.probeRuns.count })
        .from(t.probeRuns)
        .orderBy(asc(t.probeRuns.location), asc(t.probeRuns.firstAt));
      expect(runs).toEqual([
        { location: 'mtl', status: 'up', firstAt: T, lastAt: T + 30_000, count: 4 },
        { location: 'tor', status: 'down', firstAt: T + 2_000, lastAt: T + 12_000, count: 2 },
        { location: 'tor', status: 'up', firstAt: T + 22_000, lastAt: T + 32_000, count: 2 },
      ]);
      const failures = await db.select({ location: t.probeFailures.location, at: t.probeFailures.at }).from(t.probeFailures).orderBy(asc(t.probeFailures.at));
      expect(failures).toEqual([
        { location: 'tor', at: T + 2_000 },
        { location: 'tor', at: T + 12_000 },
      ]);
      const minutes = await db
        .select({ location: t.probeLatencyMinutes.location, minute: t.probeLatencyMinutes.minute, up: t.probeLatencyMinutes.up, latencies: t.probeLatencyMinutes.latencies })
        .from(t.probeLatencyMinutes)
        .orderBy(asc(t.probeLatencyMinutes.location));
      expect(minutes).toEqual([
        { location: 'mtl', minute: T, up: 4, latencies: '[10,20,30,40]' },
        { location: 'tor', minute: T, up: 2, latencies: '[5,7]' },
      ]);
    });
  });
}
