import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createProbeTally } from '../../src/interop/metrics/probe-tally.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';

// The counters of /metrics on every store: only what is stored after the tally starts is
// counted, a run that grows is counted by its growth, and a minute's latencies once each,
// however often the minute is written again.

const MINUTE = instant('2026-11-16T12:00:00-05:00');
const run = (id: number, status: 'up' | 'down', count: number) => ({
  id,
  checkId: 'acme-web',
  envId: 'acme-prod',
  status,
  firstAt: MINUTE + id,
  lastAt: MINUTE + id,
  count,
  latencyMinMs: 10,
  latencyMaxMs: 10,
  latencySumMs: 10 * count,
  lastLatencyMs: 10,
});
const minute = (at: number, latencies: number[]) => ({ checkId: 'acme-web', minute: at, up: latencies.length, degraded: 0, latencies: JSON.stringify(latencies) });

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`the probe tally on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    it('counts what is stored after it starts, growth of the open run included, and each latency once', async () => {
      const { db, t } = store;
      await db.insert(t.probeRuns).values(run(1, 'up', 5));
      await db.insert(t.probeLatencyMinutes).values(minute(MINUTE, [40, 60]));
      const tally = createProbeTally(store);
      const before = (await tally.read()).get('acme-web')?.get('default');
      expect({ results: before?.results ?? { up: 0, degraded: 0, down: 0 }, latencies: before?.latencyCount ?? 0 }).toEqual({ results: { up: 0, degraded: 0, down: 0 }, latencies: 0 });

      await db.update(t.probeRuns).set({ count: 8 }).where(eq(t.probeRuns.id, 1));
      await db.insert(t.probeRuns).values(run(2, 'down', 2));
      await db
        .update(t.probeLatencyMinutes)
        .set({ up: 3, latencies: JSON.stringify([40, 60, 300]) })
        .where(and(eq(t.probeLatencyMinutes.checkId, 'acme-web'), eq(t.probeLatencyMinutes.minute, MINUTE)));
      await db.insert(t.probeLatencyMinutes).values(minute(MINUTE + 60_000, [20]));
      const first = structuredClone((await tally.read()).get('acme-web')?.get('default'));
      expect(first).toEqual({
        results: { up: 3, degraded: 0, down: 2 },
        // 0.05 0.1 0.25 0.5 1 2.5 5 10 30: the new 300 ms and 20 ms answers.
        buckets: [1, 1, 1, 2, 2, 2, 2, 2, 2],
        latencyCount: 2,
        latencySum: expect.closeTo(0.32, 10),
      });

      // Two reads at once count the same growth once.
      await db.update(t.probeRuns).set({ count: 3 }).where(eq(t.probeRuns.id, 2));
      const [a, b] = await Promise.all([tally.read(), tally.read()]);
      expect(a).toBe(b);
      expect(a.get('acme-web')!.get('default')!.results).toEqual({ up: 3, degraded: 0, down: 3 });
      expect(a.get('acme-web')!.get('default')!.latencyCount).toBe(2);
    });
  });
}

// With several locations each has its own runs and minutes of a check (docs/locations.md): every
// location's growing run and every location's minute are counted, each once, under that location.
const located = <R>(row: R, location: string) => ({ ...row, location });

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`the probe tally of several locations on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    it("counts each location's results once, under its location: a run growing while another location's is newer, and two locations' minutes of one check", async () => {
      const { db, t } = store;
      await db.insert(t.probeRuns).values(located(run(1, 'up', 5), 'mtl'));
      await db.insert(t.probeRuns).values(located(run(2, 'up', 5), 'tor'));
      const tally = createProbeTally(store);
      await tally.read();

      // Both locations' runs grow, tor's newer; then mtl's down begins a run, and both minutes of one check are written.
      await db.update(t.probeRuns).set({ count: 9 }).where(eq(t.probeRuns.id, 1));
      await db.update(t.probeRuns).set({ count: 7 }).where(eq(t.probeRuns.id, 2));
      await db.insert(t.probeRuns).values(located(run(3, 'down', 1), 'mtl'));
      await db.insert(t.probeLatencyMinutes).values(located(minute(MINUTE, [40, 60]), 'mtl'));
      await db.insert(t.probeLatencyMinutes).values(located(minute(MINUTE, [300]), 'tor'));
      await tally.read();
      // Each grows again; the minutes are written again with one more answer each.
      await db.update(t.probeRuns).set({ count: 3 }).where(eq(t.probeRuns.id, 3));
      await db.update(t.probeRuns).set({ count: 8 }).where(eq(t.probeRuns.id, 2));
      await db
        .update(t.probeLatencyMinutes)
        .set({ up: 3, latencies: JSON.stringify([40, 60, 70]) })
        .where(and(eq(t.probeLatencyMinutes.checkId, 'acme-web'), eq(t.probeLatencyMinutes.location, 'mtl')));
      await db
        .update(t.probeLatencyMinutes)
        .set({ up: 2, latencies: JSON.stringify([20, 300]) })
        .where(and(eq(t.probeLatencyMinutes.checkId, 'acme-web'), eq(t.probeLatencyMinutes.location, 'tor')));
      const byLocation = (await tally.read()).get('acme-web')!;
      expect(new Map([...byLocation].map(([location, counts]) => [location, { results: counts.results, latencies: counts.latencyCount, sum: counts.latencySum }]))).toEqual(
        new Map([
          ['mtl', { results: { up: 4, degraded: 0, down: 3 }, latencies: 3, sum: expect.closeTo(0.17, 10) }],
          ['tor', { results: { up: 3, degraded: 0, down: 0 }, latencies: 2, sum: expect.closeTo(0.32, 10) }],
        ]),
      );
    });
  });
}
