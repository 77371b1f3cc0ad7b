import { asc, eq, min } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildCalendars } from '../../src/config/calendars.ts';
import { runRetention } from '../../src/retention/retention-job.ts';
import { summarizeDay } from '../../src/retention/day-summary.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { proberConfig } from '../prober/support.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';
import { seedOutage, seedResult } from './history-seed.ts';

const config = proberConfig('http://127.0.0.1:9'); // raw results kept 30 days (the default)
const calendars = buildCalendars(config);

describe('daily summaries', () => {
  it('counts results by status and takes latency percentiles of the answered probes only', () => {
    const results = [
      ...Array.from({ length: 100 }, (_, i) => ({ status: i % 10 === 0 ? ('degraded' as const) : ('up' as const), latencyMs: i + 1 })),
      { status: 'down' as const, latencyMs: 10_000 },
    ];
    const day = { start: 0, end: 86_400_000 };
    expect(summarizeDay(results, [{ start: 3_600_000, end: 5_400_000 }, { start: 5_000_000, end: 7_200_000 }], day)).toEqual({
      upCount: 90,
      degradedCount: 10,
      downCount: 1,
      downtimeMs: 3_600_000,
      latencyP50Ms: 50,
      latencyP95Ms: 95,
      latencyP99Ms: 99,
      latencyMaxMs: 100,
    });
    expect(summarizeDay([], [], day).latencyP50Ms).toBeNull();
  });
});

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`retention on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    it('rolls up every complete local day, then deletes raw results older than 30 days; the rollups stay', async () => {
      // 2026-10-01 … 2026-11-09, one up result at noon and one down at 13:00 local each day.
      for (let d = 0; d < 40; d++) {
        const date = new Date(Date.UTC(2026, 9, 1 + d)).toISOString().slice(0, 10);
        const offset = date >= '2026-11-01' ? '-05:00' : '-04:00';
        await seedResult(store, { checkId: 'web', envId: 'acme-prod', at: instant(`${date}T12:00:00${offset}`), status: 'up', latencyMs: 100 + d });
        await seedResult(store, { checkId: 'web', envId: 'acme-prod', at: instant(`${date}T13:00:00${offset}`), status: 'down', latencyMs: 2_000 });
      }
      // An outage across midnight between Oct 20 and Oct 21 (EDT): 23:30 → 00:45.
      await seedOutage(store, { checkId: 'web', start: instant('2026-10-20T23:30:00-04:00'), end: instant('2026-10-21T00:45:00-04:00'), lastDownAt: instant('2026-10-21T00:30:00-04:00') });

      const now = instant('2026-11-09T18:00:00-05:00');
      const run = await runRetention({ store, config, calendars, clock: () => now });

      // Oct 1 … Nov 8 are complete; Nov 9 is today.
      expect(run.rolledUp).toBe(39);
      const { t } = store;
      const rollups = (await store.db.select().from(t.dailyRollups).where(eq(t.dailyRollups.checkId, 'web')).orderBy(asc(t.dailyRollups.day))).map((r) => ({
        day: r.day,
        upCount: r.upCount,
        downCount: r.downCount,
        downtimeMs: r.downtimeMs,
        p50: r.latencyP50Ms,
        length: r.dayEnd - r.dayStart,
      }));
      expect(rollups[0]).toEqual({ day: '2026-10-01', upCount: 1, downCount: 1, downtimeMs: 0, p50: 100, length: 86_400_000 });
      expect(rollups.find((r) => r.day === '2026-10-20')!.downtimeMs).toBe(30 * 60_000);
      expect(rollups.find((r) => r.day === '2026-10-21')!.downtimeMs).toBe(45 * 60_000);
      // The day clocks go back (Toronto, Nov 1) lasts 25 hours.
      expect(rollups.find((r) => r.day === '2026-11-01')!.length).toBe(25 * 3_600_000);

      // Runs and failures before 2026-10-10T19:00-04:00 (30 × 24 h ago) are gone (20 runs, 10 failures); later ones remain.
      // Latency minutes before 2026-11-02T18:00-05:00 (7 × 24 h ago) are gone (33 days of one minute).
      expect(run.deleted).toBe(20 + 10 + 33);
      const [runs] = await store.db.select({ at: min(t.probeRuns.firstAt) }).from(t.probeRuns);
      expect(new Date(runs!.at!).toISOString()).toBe('2026-10-11T16:00:00.000Z');
      expect(await store.db.select({ at: min(t.probeFailures.at) }).from(t.probeFailures)).toEqual([{ at: instant('2026-10-11T13:00:00-04:00') }]);
      expect(await store.db.select({ minute: min(t.probeLatencyMinutes.minute) }).from(t.probeLatencyMinutes)).toEqual([{ minute: instant('2026-11-03T12:00:00-05:00') }]);

      // Running again changes nothing.
      expect(await runRetention({ store, config, calendars, clock: () => now })).toEqual({ rolledUp: 0, deleted: 0, locations: 0, deliveries: 0, events: 0, sessions: 0 });
      expect(await store.db.select().from(t.dailyRollups)).toHaveLength(39);
    });

    it('resumes each check after its last rolled-up day, a check without results rolling up nothing', async () => {
      const now = instant('2026-11-09T18:00:00-05:00');
      for (const date of ['2026-11-05', '2026-11-06', '2026-11-07', '2026-11-08']) {
        await seedResult(store, { checkId: 'web', envId: 'acme-prod', at: instant(`${date}T12:00:00-05:00`), status: 'up', latencyMs: 50 });
      }
      await seedResult(store, { checkId: 'login', envId: 'acme-prod', at: instant('2026-11-08T12:00:00-05:00'), status: 'degraded', latencyMs: 900 });
      expect((await runRetention({ store, config, calendars, clock: () => instant('2026-11-07T01:00:00-05:00') })).rolledUp).toBe(2);
      expect((await runRetention({ store, config, calendars, clock: () => now })).rolledUp).toBe(2 + 1);
      const { t } = store;
      const days = await store.db.select({ checkId: t.dailyRollups.checkId, day: t.dailyRollups.day, degraded: t.dailyRollups.degradedCount }).from(t.dailyRollups).orderBy(asc(t.dailyRollups.checkId), asc(t.dailyRollups.day));
      expect(days).toEqual([
        { checkId: 'login', day: '2026-11-08', degraded: 1 },
        { checkId: 'web', day: '2026-11-05', degraded: 0 },
        { checkId: 'web', day: '2026-11-06', degraded: 0 },
        { checkId: 'web', day: '2026-11-07', degraded: 0 },
        { checkId: 'web', day: '2026-11-08', degraded: 0 },
      ]);
    });
  });
}
