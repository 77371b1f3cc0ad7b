import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCalendars } from '../../src/config/calendars.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import { readMonthlyReport } from '../../src/reports/monthly-report.ts';
import { postgresDialect } from '../../src/store/any-dialect.ts';
import { migratePostgres, openPostgres } from '../../src/store/postgres.ts';
import { reportReads } from '../../src/store/report-reads.ts';
import { seedReportMonth } from '../store/report-fixture.ts';
import { NO_POSTGRES_SERVER, postgresBinaries, startPostgresCluster } from '../support/postgres.ts';
import { workerReportComputer, type ReportComputer } from '../../src/reports/report-computer.ts';
import { openDatabase, type OpenDatabase } from '../../src/store/database.ts';
import { outages } from '../../src/store/schema/index.ts';
import { instant } from '../../src/time/iso.ts';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';
import { gunzipSync } from 'node:zlib';
import { storeResults } from '../../src/history/result-history.ts';
import { publicAddress } from '../../src/interop/public-address.ts';
import { renderDocuments } from '../../src/web/public-documents.ts';
import { createSnapshotBuilder } from '../../src/web/public-view/build-snapshot.ts';
import { loadStylesheet } from '../../src/web/static-assets.ts';

// The daemon computes reports, and builds the public view, in a worker thread with its own
// connection: the same documents as on the caller's thread, and the caller's event loop keeps
// turning while they are made.

let dir: string;
let database: OpenDatabase;
let computer: ReportComputer;
const config = parseConfig(TEST_CONFIG_YAML, 'test.yaml');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'veille-report-worker-'));
  database = openDatabase(join(dir, 'veille.db'));
  for (let day = 2; day <= 27; day++) {
    const start = instant(`2026-10-${String(day).padStart(2, '0')}T10:00:00-04:00`);
    database.db.insert(outages).values({ checkId: 'acme-web', envId: 'acme-prod', start, end: start + 1_800_000, lastDownAt: start + 1_740_000, source: 'probe', createdAt: start }).run();
  }
  computer = workerReportComputer({ file: join(dir, 'veille.db'), config });
});
afterEach(async () => {
  await computer.stop();
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reports computed in a worker thread', () => {
  it('give the same document as on this thread, for anyone and for a viewer', async () => {
    const now = instant('2026-11-16T12:00:00-05:00');
    for (const publicOnly of [true, false]) {
      const input = { month: '2026-10', now, publicOnly };
      expect(await computer.monthly(input)).toEqual(await readMonthlyReport(reportReads(database.store), { config, calendars: buildCalendars(config) }, input));
    }
  });

  it('leave this thread free meanwhile, and a stopped computer refuses instead of hanging', async () => {
    let turns = 0;
    const ticker = setInterval(() => turns++, 1);
    try {
      await computer.monthly({ month: '2026-10', now: instant('2026-11-16T12:00:00-05:00'), publicOnly: false });
    } finally {
      clearInterval(ticker);
    }
    expect(turns).toBeGreaterThanOrEqual(3);
    const pending = computer.monthly({ month: '2026-09', now: instant('2026-11-16T12:00:00-05:00'), publicOnly: false });
    const refused = expect(pending).rejects.toThrow('stopped');
    await computer.stop();
    await refused;
  });
});

describe('the public view built in the worker thread', () => {
  it('is the snapshot this thread would build, with the documents asked for rendered and compressed as this thread would', async () => {
    const now = instant('2026-11-16T12:00:00-05:00');
    storeResults(database.sqlite, [{ checkId: 'acme-web', envId: 'acme-prod', at: now - 10_000, status: 'up', latencyMs: 42 }]);
    const wanted = ['page:en-CA#gzip', 'v2:summary.json:fr', 'badge:status:acme-prod:fr'];
    const built = await computer.publicSnapshot!({ now, wanted });
    const here = await createSnapshotBuilder({ store: database.store, config, calendars: buildCalendars(config) })(now);
    expect(built.value).toEqual(here);
    expect(built.value.environments[0]!.checks[0]!.state).toBe('up');
    const expected = renderDocuments(wanted, here, { stylesheetHref: loadStylesheet().href, address: publicAddress(config) });
    // A badge is only made on request; the page and the document are made ahead.
    expect([...built.derived!.keys()].sort()).toEqual(['page:en-CA#gzip', 'v2:summary.json:fr']);
    expect(built.derived!.get('v2:summary.json:fr')).toBe(expected.get('v2:summary.json:fr'));
    const page = gunzipSync(built.derived!.get('page:en-CA#gzip') as Uint8Array).toString('utf8');
    expect(page).toBe(gunzipSync(expected.get('page:en-CA#gzip') as Uint8Array).toString('utf8'));
    expect(page).toContain('lang="en-CA"');
  });
});


describe.skipIf(postgresBinaries() === null)(`reports computed in a worker thread on PostgreSQL${postgresBinaries() === null ? ` (${NO_POSTGRES_SERVER})` : ''}`, () => {
  it('open a pool of their own from the URL and give the document this thread reads', async () => {
    const cluster = await startPostgresCluster();
    const url = await cluster.createDatabase('report_worker');
    const opened = await openPostgres(url, { schema: 'untouched' });
    const onPostgres = workerReportComputer({ url, config });
    try {
      await migratePostgres(opened.db);
      await seedReportMonth(postgresDialect(opened.db));
      const now = instant('2026-04-10T12:00:00-04:00');
      for (const publicOnly of [true, false]) {
        const input = { month: '2026-03', now, publicOnly };
        const here = await readMonthlyReport(reportReads(postgresDialect(opened.db)), { config, calendars: buildCalendars(config) }, input);
        expect(here.environments.length).toBeGreaterThan(0);
        expect(await onPostgres.monthly(input)).toEqual(here);
      }
    } finally {
      await onPostgres.stop();
      await opened.close();
      await cluster.stop();
    }
  });
});
