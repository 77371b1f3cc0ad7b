import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { localDayNamed } from '../../src/retention/local-day.ts';
import { rollUpDay } from '../../src/retention/rollups.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';
import { twoLocationsYaml } from '../support/two-locations.ts';

// A day's rollup of a check probed from several locations (docs/locations.md): every probe of
// every location counted once, the latency percentiles over all their answers, and the
// downtime the check's own, as the quorum decided it, never a location's outages.

const config = parseConfig(twoLocationsYaml('{ id: web, url: "http://127.0.0.1:9/web", every: 30s, timeout: 2s }'));
const check = config.environments[0]!.checks[0]!;
const ZONE = 'America/Toronto';
const NOON = instant('2026-11-10T12:00:00-05:00');

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`the daily rollup of several locations on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    it("counts each location's results once, takes percentiles over all their answers, and the check's downtime only", async () => {
      const { db, t } = store;
      // One minute answered from both locations, the same minute's key but for the location.
      await db.insert(t.probeLatencyMinutes).values([
        { checkId: 'web', location: 'mtl', minute: NOON, up: 2, degraded: 0, latencies: '[10,20]' },
        { checkId: 'web', location: 'tor', minute: NOON, up: 1, degraded: 1, latencies: '[300,400]' },
      ]);
      // tor alone saw it down for 20 minutes: its own outage, not the check's; the quorum decided 5 minutes of downtime.
      await db.insert(t.probeFailures).values([
        { checkId: 'web', envId: 'acme-prod', location: 'tor', at: NOON + 120_000, latencyMs: 2_000, reason: 'refused' },
        { checkId: 'web', envId: 'acme-prod', location: 'tor', at: NOON + 150_000, latencyMs: 2_000, reason: 'refused' },
      ]);
      await db.insert(t.locationOutages).values({ location: 'tor', checkId: 'web', envId: 'acme-prod', start: NOON, end: NOON + 1_200_000, lastDownAt: NOON + 1_170_000, reason: 'refused', closedReason: 'recovered' });
      await db.insert(t.outages).values({ checkId: 'web', envId: 'acme-prod', start: NOON + 60_000, end: NOON + 360_000, lastDownAt: NOON + 330_000, source: 'probe', reason: 'refused', createdAt: NOON });

      await rollUpDay(store, check, localDayNamed('2026-11-10', ZONE), instant('2026-11-11T06:00:00-05:00'));
      const [row] = await db.select().from(t.dailyRollups).where(eq(t.dailyRollups.checkId, 'web'));
      expect(row).toMatchObject({
        day: '2026-11-10',
        upCount: 3,
        degradedCount: 1,
        downCount: 2,
        downtimeMs: 300_000,
        latencyP50Ms: 20,
        latencyP95Ms: 400,
        latencyMaxMs: 400,
      });
    });
  });
}
