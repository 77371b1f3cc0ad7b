import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { leasesOf } from '../../src/lease/lease-store.ts';
import type { ProbeFunction } from '../../src/prober/prober.ts';
import { openProber } from '../../src/prober/prober.ts';
import type { ProbeResult } from '../../src/probe/types.ts';
import { shareLocation } from '../../src/share/location-share.ts';
import { shardLeaseName } from '../../src/share/shard-keeper.ts';
import { shardOf } from '../../src/share/shard-of.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';
import { proberConfig } from '../prober/support.ts';
import { HAVE_PROMTOOL, NO_PROMTOOL, promtoolProblems } from '../support/promtool.ts';
import { buildCalendars } from '../../src/config/calendars.ts';
import { createApp } from '../../src/server/app.ts';

// A prober sharing its location's checks writes a result only while it still holds the check's
// shard under the fencing number its probe began with, asked in the batch's own transaction. One
// clock, moved by the test, is the leases', the keepers' and the results'.

const config = proberConfig('http://127.0.0.1:9');
const T = instant('2026-11-16T10:00:00-05:00');
const TTL = 18_000;
const result = (status: 'up' | 'down'): ProbeResult => ({ status, latencyMs: 10, reason: status === 'down' ? 'refused' : null });
const checkIds = config.environments.flatMap((environment) => environment.checks.map((check) => check.id));

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`results fenced by their shard's lease: ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    let now: number;
    const lines: string[] = [];
    const timers = { now: () => now, setTimeout: () => null, clearTimeout: () => undefined };
    const open = async (holder: string, probe: ProbeFunction) => {
      const share = shareLocation({ store, location: 'default', ttlMs: TTL, leases: leasesOf(store, () => now), keeper: { holder, timers, schedule: false }, log: (line) => lines.push(`${holder}: ${line}`) });
      const prober = await openProber({ store, config, clock: () => now, databaseClock: async () => now, schedule: false, probe, recordOutageEvents: async () => undefined, ...share.probing });
      const keeper = share.keep(() => prober, () => checkIds);
      await keeper.ready;
      return { prober, keeper, stop: async () => (await keeper.stop(), await prober.stop()) };
    };
    /** A probe that answers when the test says so. */
    const heldProbe = () => {
      let answer: (result: ProbeResult) => void = () => undefined;
      let started: () => void = () => undefined;
      const running = new Promise<void>((resolve) => (started = resolve));
      const probe: ProbeFunction = () => new Promise((resolve) => ((answer = resolve), started()));
      return { probe, running, answer: (status: 'up' | 'down') => answer(result(status)) };
    };
    const runsOfWeb = () =>
      store.db
        .select({ status: store.t.probeRuns.status, count: store.t.probeRuns.count, firstAt: store.t.probeRuns.firstAt })
        .from(store.t.probeRuns)
        .where(eq(store.t.probeRuns.checkId, 'web'))
        .orderBy(asc(store.t.probeRuns.id));

    it("does not write a result whose shard another prober took while it was probed, and writes that prober's", async () => {
      now = T;
      lines.length = 0;
      const slow = heldProbe();
      const a = await open('a', slow.probe);
      expect(a.keeper.held()).toHaveLength(32);
      now += 1_000;
      const aRun = a.prober.runCheck('web', now);
      await slow.running;
      // a's renewals stop (a paused process); its leases lapse and b, joining, takes every shard.
      now += TTL + 1_000;
      const b = await open('b', async () => result('up'));
      expect(b.keeper.held()).toHaveLength(32);
      await b.prober.runCheck('web', now);
      await b.prober.flush();
      // a's probe ends now, its result stamped before b took the shard.
      slow.answer('down');
      await aRun;
      await a.prober.flush();
      expect(a.prober.stats().pendingResults).toBe(0);
      // Counted where an operator looks: the prober's stats and its health (/healthz, /metrics).
      expect(a.prober.stats()).toMatchObject({ fencedOutResults: 1, written: 0 });
      expect(a.prober.health().details).toMatchObject({ fencedOutResults: 1 });
      expect(b.prober.stats()).toMatchObject({ fencedOutResults: 0, written: 1 });
      const app = createApp({ database: { store, ...(store.sqlite ? { sqlite: store.sqlite.sqlite } : {}) }, config, calendars: buildCalendars(config), clock: () => now, proberHealth: () => a.prober.health() });
      expect(await (await app.request('/healthz')).json()).toMatchObject({ fencedOutResults: 1 });
      const metrics = await (await app.request('/metrics')).text();
      expect(metrics).toContain('# HELP veille_results_fenced_out_total Probe results not written because another prober');
      expect(metrics).toContain('\nveille_results_fenced_out_total 1\n');
      if (HAVE_PROMTOOL) expect(promtoolProblems(metrics)).toBe('');
      else console.warn(NO_PROMTOOL);
      await a.stop();
      await b.stop();

      expect(await runsOfWeb()).toEqual([{ status: 'up', count: 1, firstAt: T + 1_000 + TTL + 1_000 }]);
      expect(lines.filter((line) => line.includes('not written'))).toEqual(['a: probe default: 1 results not written (checks web): their shard was taken by another prober after they were probed']);
    });

    it('writes a result whose shard lapsed while nobody took it, and holds the shard again under the same number', async () => {
      now = T;
      lines.length = 0;
      const slow = heldProbe();
      const a = await open('a', slow.probe);
      const shard = shardOf('web');
      const fence = a.keeper.fenceOf(shard);
      now += 1_000;
      const aRun = a.prober.runCheck('web', now);
      await slow.running;
      // The database out of reach longer than the lease; nobody takes the shard meanwhile.
      now += TTL + 1_000;
      slow.answer('down');
      await aRun;
      await a.prober.flush();
      expect(await runsOfWeb()).toEqual([{ status: 'down', count: 1, firstAt: T + 1_000 }]);
      expect(a.prober.stats()).toMatchObject({ fencedOutResults: 0, written: 1 });
      await a.keeper.turn();
      expect(a.keeper.mayProbe(shard)).toBe(true);
      expect(await leasesOf(store, () => now).read(shardLeaseName('default', shard))).toMatchObject({ holder: 'a', fence });
      await a.stop();
      expect(lines.filter((line) => line.includes('not written'))).toEqual([]);
    });
  });
}
