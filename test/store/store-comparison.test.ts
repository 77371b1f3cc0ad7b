import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCalendars } from '../../src/config/calendars.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import { firstDifference, monthsBetween } from '../../src/reports/store-comparison.ts';
import { postgresDialect, sqliteDialect } from '../../src/store/any-dialect.ts';
import { openDatabase } from '../../src/store/database.ts';
import { reportReads } from '../../src/store/report-reads.ts';
import { instant } from '../../src/time/iso.ts';
import { openPglite } from '../support/postgres.ts';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';
import { seedReportMonth } from './report-fixture.ts';

const config = parseConfig(TEST_CONFIG_YAML, 'test.yaml');
const calendars = buildCalendars(config);
const NOW = instant('2026-04-10T12:00:00-04:00');
const closing: { close(): unknown }[] = [];
afterEach(async () => {
  for (const store of closing.splice(0)) await store.close();
});

describe("the proof of a copy: the two stores' months compared", () => {
  it('lists the months between two instants in the default zone, across a year', () => {
    expect(monthsBetween(calendars, instant('2025-11-30T23:30:00-05:00'), instant('2026-02-01T00:00:00-05:00'))).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween(calendars, NOW, NOW)).toEqual(['2026-04']);
  });

  it('finds nothing between equal stores, and names the first month and view that differ', async () => {
    const sqlite = openDatabase(':memory:');
    const pglite = await openPglite();
    closing.push(sqlite, pglite);
    await seedReportMonth(sqliteDialect(sqlite.db));
    await seedReportMonth(postgresDialect(pglite.db));
    const stores = { source: reportReads(sqliteDialect(sqlite.db)), target: reportReads(postgresDialect(pglite.db)) };
    const months = ['2026-02', '2026-03', '2026-04'];
    expect(await firstDifference(stores, { config, calendars }, months, NOW)).toBeNull();

    // An outage of a staging check: no monthly report shows it, the environment's inputs do.
    const { db, t } = postgresDialect(pglite.db);
    await db.insert(t.outages).values({ id: 100, checkId: 'staging-web', envId: 'staging', start: instant('2026-03-09T10:00:00-04:00'), end: instant('2026-03-09T11:00:00-04:00'), source: 'probe', createdAt: 0 });
    expect(await firstDifference(stores, { config, calendars }, months, NOW)).toBe('what 2026-03 holds for environment staging');
    // An outage ten minutes longer in the copy: March's report differs.
    await db.update(t.outages).set({ end: instant('2026-03-10T17:40:00-04:00') }).where(eq(t.outages.id, 1));
    expect(await firstDifference(stores, { config, calendars }, months, NOW)).toBe('the monthly report of 2026-03');
  });
});
