import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import type { ProbeResult } from '../../src/probe/types.ts';
import { openProber } from '../../src/prober/prober.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';

// A prober probing as one of the configured locations: only the checks that location probes,
// its results stored as its own, and what rule 4 concludes from them written as its own
// timeline, never as the check's outages.

const config = parseConfig(`
locations: [mtl, tor]
environments:
  - id: acme-prod
    name: Acme Construction
    type: production
    slaStart: "2026-11-16T09:00:00-05:00"
    checks:
      - { id: web, url: "http://127.0.0.1:9/web", every: 10s, timeout: 2s, confirmAfter: 2 }
      - { id: db, url: "tcp://127.0.0.1:9", every: 10s, timeout: 2s, locations: [mtl] }
`);
const T = instant('2026-11-16T10:00:00-05:00');
const down: ProbeResult = { status: 'down', latencyMs: 3, reason: 'refused' };
const up: ProbeResult = { status: 'up', latencyMs: 5, reason: null };

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`a prober probing as a location: ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    /** A prober of `location` whose probes answer what `answers` says next, at the instants the test sets. */
    async function prober(location: string, clock: { at: number }, answer: () => ProbeResult) {
      return openProber({ store, config, location, clock: () => clock.at, databaseClock: async () => clock.at, schedule: false, probe: async () => answer() });
    }

    it('probes only the checks of its location and writes its own timeline: its outage, its gaps, restored after a restart; never the check’s', async () => {
      const clock = { at: T };
      let next = down;
      const tor = await prober('tor', clock, () => next);
      expect(tor.stats().checks).toBe(1);
      await tor.runCheck('db'); // not tor's
      for (const seconds of [0, 10]) {
        clock.at = T + seconds * 1000;
        await tor.runCheck('web');
      }
      await tor.stop();
      // Restarted: the open outage is restored, so a down continues it and an up closes it.
      const again = await prober('tor', clock, () => next);
      clock.at = T + 20_000;
      await again.runCheck('web');
      next = up;
      clock.at = T + 30_000;
      await again.runCheck('web');
      // Silent for more than 3 intervals: a gap of this location alone.
      clock.at = T + 90_000;
      await again.runCheck('web');
      await again.stop();

      const { db, t } = store;
      expect(await db.select().from(t.outages)).toEqual([]);
      expect(await db.select().from(t.unmonitoredSpans)).toEqual([]);
      const outages = await db.select({ location: t.locationOutages.location, checkId: t.locationOutages.checkId, start: t.locationOutages.start, end: t.locationOutages.end, lastDownAt: t.locationOutages.lastDownAt, closedReason: t.locationOutages.closedReason }).from(t.locationOutages);
      expect(outages).toEqual([{ location: 'tor', checkId: 'web', start: T, end: T + 30_000, lastDownAt: T + 20_000, closedReason: 'recovered' }]);
      const gaps = await db.select({ location: t.locationGaps.location, start: t.locationGaps.start, end: t.locationGaps.end }).from(t.locationGaps).orderBy(asc(t.locationGaps.start));
      // Never probed from tor before: silent since the SLA start, then the silence after T + 30 s.
      expect(gaps).toEqual([
        { location: 'tor', start: instant('2026-11-16T09:00:00-05:00'), end: T },
        { location: 'tor', start: T + 30_000, end: T + 90_000 },
      ]);
      const runs = await db.select({ location: t.probeRuns.location, checkId: t.probeRuns.checkId }).from(t.probeRuns);
      expect(new Set(runs.map((run) => `${run.location}/${run.checkId}`))).toEqual(new Set(['tor/web']));
    });

    it('refuses a location the configuration does not name, saying which it does', async () => {
      await expect(openProber({ store, config, location: 'van', schedule: false, probe: async () => up })).rejects.toThrow('location "van" is not one of the configuration\'s: its locations are mtl, tor');
      await expect(openProber({ store, config, schedule: false, probe: async () => up })).rejects.toThrow('the configuration names its locations (mtl, tor): say which of them this process probes as');
    });
  });
}
