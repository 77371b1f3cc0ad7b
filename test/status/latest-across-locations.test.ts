import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { currentStatus } from '../../src/status/current-status.ts';
import { readLatest } from '../../src/status/latest-readings.ts';
import { reportReads } from '../../src/store/report-reads.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';
import { twoLocationsYaml } from '../support/two-locations.ts';

// What a check is doing now, once several locations probe it (docs/locations.md, "What clients
// see"): the quorum's outage makes it down; otherwise the newest answer among the locations'
// latest results; a location's own downs show only once every location reporting sees it down.
// Each location's runs are its own, so the check's latest run is not its highest id.

const config = parseConfig(twoLocationsYaml('{ id: web, url: "http://127.0.0.1:9/web", every: 10s, timeout: 2s }'));
const check = config.environments[0]!.checks[0]!;
const T = instant('2026-11-16T10:00:00-05:00');
const NOW = T + 60_000;

/** A run of one location, as the history writes it: `first` to `last` seconds after T. */
function run(location: string, status: 'up' | 'degraded' | 'down', first: number, last: number, latencyMs: number | null) {
  return {
    checkId: 'web',
    envId: 'acme-prod',
    location,
    status,
    reason: status === 'down' ? 'refused' : null,
    firstAt: T + first * 1000,
    lastAt: T + last * 1000,
    count: 1 + Math.floor((last - first) / 10),
    latencyMinMs: latencyMs,
    latencyMaxMs: latencyMs,
    latencySumMs: latencyMs,
    lastLatencyMs: latencyMs,
  };
}

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`a check's latest result across locations, on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));
    const insert = async (...runs: ReturnType<typeof run>[]) => {
      for (const row of runs) await store.db.insert(store.t.probeRuns).values(row);
    };
    const reading = async () => (await readLatest(store, [check], NOW)).get('web')!;

    it("is the newest result of any location, not the run written last: a location's run goes on growing after another's begins", async () => {
      // mtl's run of ups began first and is still extended; tor's down came after it began, then tor was silent.
      await insert(run('mtl', 'up', 0, 50, 40), run('tor', 'down', 5, 5, null));
      expect(await reportReads(store).lastResultsAt(['web'])).toEqual(new Map([['web', T + 50_000]]));
      expect((await reportReads(store).lastResults(['web'])).get('web')).toEqual({ at: T + 50_000, status: 'up', latencyMs: 40, reason: null });
      expect((await reading()).reading).toEqual({ state: 'up', latencyMs: 40, checkedAt: T + 50_000 });
    });

    it("shows the newest answer while one location alone sees the check down, and when it was checked last; the viewer's last result is that down, with its location", async () => {
      await insert(run('mtl', 'up', 0, 50, 40), run('tor', 'down', 0, 55, null));
      expect((await reading()).reading).toEqual({ state: 'up', latencyMs: 40, checkedAt: T + 55_000 });
      const status = await currentStatus(store, config, { now: NOW, full: true });
      expect(status.environments[0]!.checks[0]!.lastResult).toEqual({ at: '2026-11-16T15:00:55.000Z', status: 'down', latencyMs: null, reason: 'refused', location: 'tor' });
      expect(status.environments[0]!.state).toBe('operational');
    });

    it('reads as degraded once every location reporting sees it down, before the quorum decides; down once its outage is open', async () => {
      await insert(run('mtl', 'up', 0, 20, 40), run('tor', 'down', 0, 50, null), run('mtl', 'down', 30, 50, null));
      expect((await reading()).reading).toEqual({ state: 'degraded', latencyMs: null, checkedAt: T + 50_000 });
      await store.db.insert(store.t.outages).values({ checkId: 'web', envId: 'acme-prod', start: T + 30_000, lastDownAt: T + 50_000, source: 'probe', reason: 'refused', createdAt: T + 52_000 });
      expect((await reading()).reading).toEqual({ state: 'down', latencyMs: null, checkedAt: T + 50_000 });
    });

    it('leaves out a location silent for more than 3 intervals, and is unknown once every location is', async () => {
      // tor's last answer is 45 s old on a 10 s check: mtl, which sees the check down, is the only location reporting.
      await insert(run('tor', 'up', 0, 15, 40), run('mtl', 'down', 0, 55, null));
      expect((await reading()).reading).toEqual({ state: 'degraded', latencyMs: null, checkedAt: T + 55_000 });
      expect((await readLatest(store, [check], NOW + 60_000)).get('web')!.reading).toEqual({ state: 'unknown', latencyMs: null, checkedAt: T + 55_000 });
    });

    it('finds each asked check among many, whether the checks are named in a few queries or read from every check: 1,199 of 6,000, then 5,501', async () => {
      // Each check's latest run at each location: mtl's second run and tor's only one; one check in 7 never probed.
      const rows = [];
      for (let i = 0; i < 6_000; i++) {
        if (i % 7 === 0) continue;
        const id = `c${i}`;
        rows.push({ ...run('mtl', 'down', 0, 10, null), checkId: id }, { ...run('mtl', 'up', 20, 20 + (i % 30), i), checkId: id }, { ...run('tor', 'up', 0, 25, 1), checkId: id });
      }
      for (let from = 0; from < rows.length; from += 500) await store.db.insert(store.t.probeRuns).values(rows.slice(from, from + 500));
      const expected = (i: number) => {
        if (i % 7 === 0) return undefined;
        const mtl = { at: T + (20 + (i % 30)) * 1000, status: 'up', latencyMs: i, reason: null, location: 'mtl' };
        const tor = { at: T + 25_000, status: 'up', latencyMs: 1, reason: null, location: 'tor' };
        return mtl.at >= tor.at ? [mtl, tor] : [tor, mtl];
      };
      for (const asked of [Array.from({ length: 1_199 }, (_, k) => k * 5), Array.from({ length: 5_501 }, (_, k) => k)]) {
        const found = await reportReads(store).lastResultsByLocation(asked.map((i) => `c${i}`));
        expect(found.size).toBe(asked.filter((i) => i % 7 !== 0).length);
        for (const i of asked) expect(found.get(`c${i}`), `c${i}`).toEqual(expected(i));
      }
    });
  });
}
