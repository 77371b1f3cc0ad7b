import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildCalendars } from '../../src/config/calendars.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import { runRetention } from '../../src/retention/retention-job.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';
import { seedOutage, seedResult } from './history-seed.ts';

// Retention of the locations' timelines and of the quorum's progress (docs/locations.md,
// "Retention"), on every database: a location's outage or gap behind one of its check's
// outages or unmonitored spans is kept as long as they are (for ever); one that made nothing
// of the check's record goes with the results it summarizes (30 days by default), once
// decided; a reference check's location outages stay; the progress of a check no longer
// configured goes with the last of what it guards.

const config = parseConfig(`
locations: [mtl, tor]
environments:
  - id: acme-prod
    name: Acme Construction
    type: production
    slaStart: "2026-11-09T00:00:00-05:00"
    checks:
      - { id: web, url: "http://127.0.0.1:9/web" }
      - { id: api, url: "http://127.0.0.1:9/api" }
      - { id: ref, url: "http://127.0.0.1:9/ref", reference: true }
`);
const calendars = buildCalendars(config);
const now = instant('2026-11-09T18:00:00-05:00');
const DAY = 86_400_000;
/** Well before the 30 days results are kept. */
const OLD = now - 40 * DAY;
/** Within them. */
const RECENT = now - 10 * DAY;

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`retention of the locations' timelines on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    const locationOutage = (checkId: string, start: number, end: number | null, lastDownAt = end ?? start, location = 'mtl') =>
      store.transaction(async (tx) => void (await tx.db.insert(tx.t.locationOutages).values({ location, checkId, envId: 'acme-prod', start, end, lastDownAt, reason: 'refused', closedReason: end === null ? null : 'recovered' })));
    const locationGap = (checkId: string, start: number, end: number, location = 'tor') =>
      store.transaction(async (tx) => void (await tx.db.insert(tx.t.locationGaps).values({ location, checkId, envId: 'acme-prod', start, end })));
    const unmonitored = (checkId: string, start: number, end: number) =>
      store.transaction(async (tx) => void (await tx.db.insert(tx.t.unmonitoredSpans).values({ checkId, envId: 'acme-prod', start, end })));
    const progress = (checkId: string, decidedUntil: number) => store.transaction(async (tx) => void (await tx.db.insert(tx.t.quorumProgress).values({ checkId, decidedUntil })));
    const outagesLeft = async () =>
      (await store.db.select({ checkId: store.t.locationOutages.checkId, start: store.t.locationOutages.start }).from(store.t.locationOutages).orderBy(asc(store.t.locationOutages.id))).map(
        (row) => `${row.checkId}@${(now - row.start) / DAY}d`,
      );
    const gapsLeft = async () =>
      (await store.db.select({ checkId: store.t.locationGaps.checkId, start: store.t.locationGaps.start }).from(store.t.locationGaps).orderBy(asc(store.t.locationGaps.id))).map(
        (row) => `${row.checkId}@${(now - row.start) / DAY}d`,
      );
    const progressLeft = async () => (await store.db.select({ checkId: store.t.quorumProgress.checkId }).from(store.t.quorumProgress).orderBy(asc(store.t.quorumProgress.checkId))).map((row) => row.checkId);
    const retention = () => runRetention({ store, config, calendars, clock: () => now });

    it("keeps what stands behind the check's outages and unmonitored time, lets the rest go with the results once decided", async () => {
      await progress('web', now - 3_600_000);
      // Behind nothing, older than the results: goes.
      await locationOutage('web', OLD, OLD + 60_000);
      // Behind an outage of the check (kept for ever): stays.
      await seedOutage(store, { checkId: 'web', start: OLD - DAY + 30_000, end: OLD - DAY + 90_000 });
      await locationOutage('web', OLD - DAY, OLD - DAY + 60_000);
      // Behind unmonitored time of the check: stays.
      await unmonitored('web', OLD - 2 * DAY + 10_000, OLD - 2 * DAY + 20_000);
      await locationOutage('web', OLD - 2 * DAY, OLD - 2 * DAY + 60_000);
      // Within the results still kept: stays.
      await locationOutage('web', RECENT, RECENT + 60_000);
      // Gaps: one behind unmonitored time stays, one behind nothing goes.
      await locationGap('web', OLD - 2 * DAY, OLD - 2 * DAY + 60_000);
      await locationGap('web', OLD - 3 * DAY, OLD - 3 * DAY + 60_000);
      // The check outage's own span, touching but not overlapping: still behind nothing.
      await locationGap('web', OLD - DAY + 90_000, OLD - DAY + 120_000);

      const run = await retention();

      expect(await outagesLeft()).toEqual(['web@41d', 'web@42d', 'web@10d']);
      expect(await gapsLeft()).toEqual(['web@42d']);
      expect(run.locations).toBe(3);
      // Nothing more the second time.
      expect((await retention()).locations).toBe(0);
    });

    it("keeps what the quorum has not decided yet, and a reference check's location outages", async () => {
      // api never decided: its old rows wait for the quorum.
      await locationOutage('api', OLD, OLD + 60_000);
      await locationGap('api', OLD, OLD + 60_000);
      // web decided only up to before its outage ended, and an outage still open: both wait.
      await progress('web', OLD + 30_000);
      await locationOutage('web', OLD, OLD + 60_000);
      await locationOutage('web', OLD - DAY, null, OLD - DAY + 50_000);
      // The reference's location outage made the location impaired: it stays.
      await progress('ref', now - 3_600_000);
      await locationOutage('ref', OLD, OLD + 60_000);

      expect((await retention()).locations).toBe(0);
      expect(await outagesLeft()).toEqual(['api@40d', 'web@40d', 'web@41d', 'ref@40d']);
      expect(await gapsLeft()).toEqual(['api@40d']);
    });

    it('a check no longer configured: its rows behind nothing go (an open outage ending at its last down), its progress with the last of them', async () => {
      // gone: never closed by its location (it stopped probing it), its gap and an old result.
      await progress('gone', OLD + 30_000);
      await locationOutage('gone', OLD, null, OLD + 50_000);
      await locationGap('gone', OLD - DAY, OLD - DAY + 60_000);
      await seedResult(store, { checkId: 'gone', envId: 'acme-prod', at: OLD, status: 'up', latencyMs: 5 });
      // gone-kept: its location outage stands behind its outage, so its progress stays too.
      await progress('gone-kept', OLD);
      await seedOutage(store, { checkId: 'gone-kept', start: OLD + 10_000, end: OLD + 40_000 });
      await locationOutage('gone-kept', OLD, OLD + 60_000);
      // gone-recent: within the results kept.
      await progress('gone-recent', RECENT);
      await locationGap('gone-recent', RECENT, RECENT + 60_000);

      const run = await retention();

      expect(await outagesLeft()).toEqual(['gone-kept@40d']);
      expect(await gapsLeft()).toEqual(['gone-recent@10d']);
      expect(await progressLeft()).toEqual(['gone-kept', 'gone-recent']);
      expect(run.locations).toBe(3);
    });
  });
}
