import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildCalendars } from '../../src/config/calendars.ts';
import { INITIAL_STATE, restoreState, type DetectorState } from '../../src/outages/detector.ts';
import { indexChecks, outageRecorder } from '../../src/outages/outage-recorder.ts';
import type { ProbeResult } from '../../src/probe/types.ts';
import { openResultSink } from '../../src/prober/open-result-sink.ts';
import { openProber } from '../../src/prober/prober.ts';
import { readDetectorStates } from '../../src/prober/restore-states.ts';
import { ResultWriter } from '../../src/prober/result-writer.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';
import { proberConfig } from './support.ts';

// The prober opened on a store, whichever database: each detector restored as the database left
// it, and results written by the store's sink.

const config = proberConfig('http://127.0.0.1:9');
const checks = indexChecks(config);
const T = instant('2026-11-16T10:00:00-05:00');
const SLA_START = instant('2026-01-01T00:00:00-05:00');
const result = (status: 'up' | 'down', reason: string | null = null): ProbeResult => ({ status, latencyMs: 10, reason });

async function seed(store: Store): Promise<void> {
  const sink = await openResultSink(store, { recordOutageEvents: outageRecorder({ config, calendars: buildCalendars(config), checks }) });
  const writer = new ResultWriter(sink, () => T, { batchSize: 1_000 });
  const add = (checkId: string, seconds: number, probe: ProbeResult) => writer.add({ check: checks.get(checkId)!.check, at: T + seconds * 1_000, result: probe, events: [] });
  add('web', 0, result('up'));
  add('web', 10, result('down', 'refused'));
  add('web', 20, result('down', 'status 503'));
  add('login', 0, result('up'));
  add('reports', 0, result('down', 'refused'));
  await writer.flush();
  await store.transaction(async ({ db, t }) => {
    await db.insert(t.outages).values({ checkId: 'reports', envId: 'acme-prod', start: T - 60_000, end: null, lastDownAt: T, source: 'probe', reason: 'refused', createdBy: 'monitor', createdAt: T - 60_000 });
  });
}

const expected = (): Map<string, DetectorState> =>
  new Map([
    // The downs of its latest run (another reason began another run): the detector counts from there.
    ['web', restoreState({ lastResultAt: T + 20_000, openOutage: null, latestFirst: [{ at: T + 20_000, status: 'down', reason: 'status 503' }] })],
    ['login', restoreState({ lastResultAt: T, openOutage: null, latestFirst: [{ at: T, status: 'up', reason: null }] })],
    ['reports', restoreState({ lastResultAt: T, openOutage: { start: T - 60_000, lastDownAt: T }, latestFirst: [{ at: T, status: 'down', reason: 'refused' }] })],
    // Never probed, no SLA start nor first sighting: it starts fresh.
    ['staging-web', restoreState({ lastResultAt: null, openOutage: null, latestFirst: [] })],
  ]);

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`the prober on a store: ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    it('restores each detector as the database left it', async () => {
      await seed(store);
      expect(await readDetectorStates(store, config, T + 60_000)).toEqual(expected());
    });

    it('takes an environment never probed as silent since its SLA start', async () => {
      const states = await readDetectorStates(store, config, T);
      expect(states.get('web')).toEqual({ ...INITIAL_STATE, lastResultAt: SLA_START });
      expect(states.get('staging-web')).toEqual(INITIAL_STATE);
    });

    it("restores the implicit location's detectors from its own results, whatever other locations wrote later", async () => {
      await store.transaction(async ({ db, t }) => {
        await db.insert(t.probeRuns).values({ checkId: 'web', envId: 'acme-prod', location: 'default', status: 'down', reason: 'refused', firstAt: T, lastAt: T + 10_000, count: 2 });
        await db.insert(t.probeFailures).values([
          { checkId: 'web', envId: 'acme-prod', location: 'default', at: T, reason: 'refused' },
          { checkId: 'web', envId: 'acme-prod', location: 'default', at: T + 10_000, reason: 'refused' },
        ]);
        await db.insert(t.probeRuns).values({ checkId: 'web', envId: 'acme-prod', location: 'mtl', status: 'down', reason: 'timeout', firstAt: T + 5_000, lastAt: T + 25_000, count: 3 });
        await db.insert(t.probeFailures).values([15_000, 20_000, 25_000].map((s) => ({ checkId: 'web', envId: 'acme-prod', location: 'mtl', at: T + s, reason: 'timeout' })));
        await db.insert(t.probeRuns).values({ checkId: 'login', envId: 'acme-prod', location: 'mtl', status: 'up', firstAt: T, lastAt: T, count: 1 });
      });
      const states = await readDetectorStates(store, config, T + 60_000);
      expect(states.get('web')).toEqual(
        restoreState({
          lastResultAt: T + 10_000,
          openOutage: null,
          latestFirst: [
            { at: T + 10_000, status: 'down', reason: 'refused' },
            { at: T, status: 'down', reason: 'refused' },
          ],
        }),
      );
      // Probed only from mtl: the implicit location never probed it, and its environment was watched by web.
      expect(states.get('login')).toEqual(INITIAL_STATE);
    });

    it('probes and writes through the store, without a SQLite handle on PostgreSQL', async () => {
      await seed(store);
      const prober = await openProber({
        store,
        config,
        clock: () => T + 30_000,
        databaseClock: async () => T + 30_000,
        schedule: false,
        probe: async () => result('up'),
      });
      await prober.runCheck('login');
      await prober.stop();
      const runs = await store.db.select({ count: store.t.probeRuns.count }).from(store.t.probeRuns).where(eq(store.t.probeRuns.checkId, 'login'));
      expect(runs).toEqual([{ count: 2 }]);
      expect(prober.stats().written).toBe(1);
    });
  });
}

