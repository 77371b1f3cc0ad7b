import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCalendars } from '../../src/config/calendars.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import { readMonthlyReport } from '../../src/reports/monthly-report.ts';
import { sqliteDialect, type AnyDialect } from '../../src/store/any-dialect.ts';
import { openDatabase } from '../../src/store/database.ts';
import { reportReads, type ReportReads } from '../../src/store/report-reads.ts';
import { instant } from '../../src/time/iso.ts';
import { storeBackends } from '../support/store-backends.ts';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';
import { MARCH, seedReportMonth } from './report-fixture.ts';

// The report's reads are one contract, kept by every store: the same month written into each
// reads back the same, edges included, and makes the same report.

const config = parseConfig(TEST_CONFIG_YAML, 'test.yaml');
const calendars = buildCalendars(config);
const NOW = instant('2026-04-10T12:00:00-04:00');

/** The report of March from SQLite, the default store. */
function sqliteReport(publicOnly: boolean) {
  const database = openDatabase(':memory:');
  return seedReportMonth(sqliteDialect(database.db))
    .then(() => readMonthlyReport(reportReads(database.store), { config, calendars }, { month: '2026-03', now: NOW, publicOnly }))
    .finally(() => database.close());
}

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`the report's reads on ${backend.unavailable ?? backend.name}`, () => {
    let store: { dialect: AnyDialect; close(): Promise<void> };
    let reads: ReportReads;
    beforeAll(async () => {
      store = await backend.open();
      await seedReportMonth(store.dialect);
      reads = reportReads(store.dialect);
    });
    afterAll(() => store?.close());

    it('outages overlapping a span, open ones included, none that only touch it', async () => {
      const rows = await reads.outagesOverlapping(MARCH);
      expect(rows.map((row) => row.id)).toEqual([1, 3, 5, 6]);
      expect(rows[1]).toMatchObject({ checkId: 'acme-web', end: null, lastDownAt: instant('2026-03-20T11:00:00-04:00'), source: 'probe' });
      expect(rows[2]).toMatchObject({ source: 'manual', start: instant('2026-03-03T13:00:00-05:00') });
    });

    it('the exclusions of those outages, revoked ones included', async () => {
      const rows = await reads.exclusionsOfOutagesOverlapping(MARCH);
      expect(rows.map((row) => [row.id, row.outageId, row.end, row.revokedAt])).toEqual([
        [1, 1, instant('2026-03-10T17:00:00-04:00'), instant('2026-03-12T09:00:00-04:00')],
        [2, 5, null, null],
      ]);
    });

    it('unmonitored spans overlapping the span, none that only touch it', async () => {
      expect((await reads.unmonitoredOverlapping(MARCH)).map((row) => [row.id, row.start, row.end])).toEqual([[1, instant('2026-03-16T09:00:00-04:00'), instant('2026-03-16T10:00:00-04:00')]]);
    });

    it("each check's last result, none for a check never probed", async () => {
      expect(await reads.lastResultsAt(['acme-web', 'globex-web'])).toEqual(new Map([['acme-web', instant('2026-03-31T12:00:00-04:00')]]));
      expect(await reads.lastResultsAt([])).toEqual(new Map());
      // Many checks are read at once: one far down the list is found all the same.
      const many = Array.from({ length: 1_200 }, (_, k) => (k === 700 ? 'acme-web' : `unknown-${k}`));
      expect(await reads.lastResultsAt(many)).toEqual(new Map([['acme-web', instant('2026-03-31T12:00:00-04:00')]]));
      // And only the checks asked for, however many.
      expect(await reads.lastResultsAt(many.filter((id) => id !== 'acme-web'))).toEqual(new Map());
    });

    it('every version of a window one of whose versions overlaps, a pending notice kept as null', async () => {
      const versions = await reads.windowVersionsOverlapping(MARCH);
      expect(versions.map((version) => [version.id, version.windowId, version.noticeSentAt])).toEqual([
        [1, 1, instant('2026-02-20T09:00:00-05:00')],
        [2, 1, null],
      ]);
      expect((await reads.windows([1, 2])).map((window) => [window.id, window.cancelledAt])).toEqual([
        [1, null],
        [2, instant('2026-02-21T09:00:00-05:00')],
      ]);
      expect((await reads.windowEnvironments([1])).map((row) => row.envId)).toEqual(['acme-prod', 'globex-prod']);
      expect(await reads.windows([])).toEqual([]);
      expect(await reads.windowEnvironments([])).toEqual([]);
    });

    it('incidents opened in the span, only the public ones when asked', async () => {
      expect((await reads.incidentsOpenedIn(MARCH, { publicOnly: false })).map((row) => row.priority)).toEqual(['I', 'I', 'IV']);
      expect(await reads.incidentsOpenedIn(MARCH, { publicOnly: true })).toEqual([
        { priority: 'I', responseDueAt: instant('2026-03-05T11:00:00-05:00'), resolutionDueAt: instant('2026-03-06T10:00:00-05:00'), respondedAt: instant('2026-03-05T10:30:00-05:00'), resolvedAt: instant('2026-03-05T12:00:00-05:00') },
        { priority: 'IV', responseDueAt: instant('2026-04-01T00:59:59-04:00'), resolutionDueAt: null, respondedAt: null, resolvedAt: instant('2026-04-02T00:00:00-04:00') },
      ]);
    });

    it('environments first seen', async () => {
      expect(await reads.environmentsSeen()).toEqual([
        { envId: 'acme-prod', firstSeenAt: instant('2025-12-01T09:00:00-05:00') },
        { envId: 'globex-prod', firstSeenAt: instant('2025-12-02T09:00:00-05:00') },
      ]);
    });

    it.each([false, true])('makes the report SQLite makes (public only: %s)', async (publicOnly) => {
      const report = await readMonthlyReport(reads, { config, calendars }, { month: '2026-03', now: NOW, publicOnly });
      expect(report).toEqual(await sqliteReport(publicOnly));
      const acme = report.environments.find((figure) => figure.id === 'acme-prod')!;
      // 30 business minutes on 10 March (the revoked exclusion excuses nothing), and 20 March from 10:00 to the last down result at 11:00.
      expect(acme.downtimeMs).toBe(90 * 60_000);
      expect(report.incidents.I?.count).toBe(publicOnly ? 1 : 2);
    });
  });
}
