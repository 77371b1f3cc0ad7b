import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newToken } from '../../src/auth/token-store.ts';
import { buildCalendars } from '../../src/config/calendars.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import { createApp } from '../../src/server/app.ts';
import type { AppDeps } from '../../src/server/deps.ts';
import type { OpenDatabase } from '../../src/store/database.ts';
import type { AnyDialect } from '../../src/store/any-dialect.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { buildReportView } from '../../src/web/report/report-view.ts';
import { sreView } from '../../src/web/sre/sre-view.ts';
import { seedReportMonth } from '../store/report-fixture.ts';
import { storeBackends } from '../support/store-backends.ts';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';

// What the HTTP app reads, it reads through the store: the same rows written into SQLite,
// PGlite and a PostgreSQL server give the same answers, byte for byte, to anyone and to a
// viewer. On PostgreSQL the app is given no better-sqlite3 handle at all: a read that still
// needed one would fail here.

const config = parseConfig(TEST_CONFIG_YAML, 'test.yaml');
const NOW = instant('2026-04-10T12:00:00-04:00');

/** The reads asked of each store, each with and without a viewer's token. */
const READS = [
  '/',
  '/?lang=fr',
  '/api/v2/summary.json',
  '/api/v2/incidents.json',
  '/feed.atom',
  '/badge/acme-prod/status.svg',
  '/badge/acme-prod/availability.svg',
  '/api/v1/status',
  '/api/v1/reports/monthly?month=2026-03',
  '/api/v1/reports/monthly?month=2026-04',
  '/metrics',
];

/** The month of test/store/report-fixture.ts, plus what makes the status of now tell something. */
async function seed({ db, t }: AnyDialect, viewerSecret: { value: string }) {
  await seedReportMonth({ db, t });
  const run = (id: number, checkId: string, envId: string, status: 'up' | 'degraded' | 'down', lastAt: string, reason: string | null = null) => ({
    id,
    checkId,
    envId,
    status,
    reason,
    firstAt: instant('2026-04-10T11:00:00-04:00'),
    lastAt: instant(lastAt),
    count: 3,
    latencyMinMs: 10,
    latencyMaxMs: 90,
    latencySumMs: 150,
    lastLatencyMs: status === 'down' ? null : 35,
  });
  await db.insert(t.probeRuns).values([
    run(3, 'acme-web', 'acme-prod', 'up', '2026-04-10T11:59:40-04:00'),
    run(4, 'acme-login', 'acme-prod', 'degraded', '2026-04-10T11:59:20-04:00', 'slow'),
    run(5, 'globex-web', 'globex-prod', 'down', '2026-04-10T11:59:50-04:00', 'status 503'),
  ]);
  // Incidents 3 and 4 (public, resolved on 2 April) touch acme-prod, with their timeline; a window to come.
  await db.insert(t.incidentEnvironments).values([
    { incidentId: 3, envId: 'acme-prod' },
    { incidentId: 4, envId: 'acme-prod' },
    { incidentId: 2, envId: 'globex-prod' },
  ]);
  await db.insert(t.incidentEvents).values([
    { id: 1, incidentId: 4, at: instant('2026-03-31T23:59:59-04:00'), actor: 'sre', type: 'opened', message: 'Slow pages' },
    { id: 2, incidentId: 4, at: instant('2026-04-01T08:00:00-04:00'), actor: 'sre', type: 'update', message: 'A cache is being rebuilt' },
    { id: 3, incidentId: 4, at: instant('2026-04-02T00:00:00-04:00'), actor: 'sre', type: 'resolved', message: null },
  ]);
  await db.insert(t.maintenanceWindows).values({ id: 3, impact: 'degraded', createdBy: 'sre', createdAt: NOW - 86_400_000 });
  await db.insert(t.maintenanceVersions).values({ id: 4, windowId: 3, start: instant('2026-04-12T20:00:00-04:00'), end: instant('2026-04-12T22:00:00-04:00'), noticeSentAt: NOW - 86_400_000, recordedAt: NOW - 86_400_000, recordedBy: 'sre' });
  await db.insert(t.maintenanceEnvironments).values({ windowId: 3, envId: 'acme-prod' });
  await db.insert(t.outages).values({ id: 7, checkId: 'globex-web', envId: 'globex-prod', start: instant('2026-04-10T11:58:00-04:00'), lastDownAt: instant('2026-04-10T11:59:50-04:00'), source: 'probe', createdAt: NOW });
  const { secret, row } = newToken({ role: 'viewer', name: 'viewer', now: NOW });
  await db.insert(t.tokens).values(row);
  viewerSecret.value = secret;
}

/** A database the app may read only through its store: using either SQLite handle throws. */
function storeOnly(store: Store): OpenDatabase {
  const refusing = (what: string) =>
    new Proxy(
      {},
      {
        get() {
          throw new Error(`a read used ${what}, a better-sqlite3 handle, on ${store.dialect}`);
        },
      },
    );
  return { store, db: refusing('db'), sqlite: refusing('sqlite'), close: () => undefined } as unknown as OpenDatabase;
}

async function answers(store: Store, sqlite: OpenDatabase | null): Promise<Map<string, { status: number; type: string | null; body: string }>> {
  const viewer = { value: '' };
  await seed(store, viewer);
  const deps: AppDeps = { database: sqlite ?? storeOnly(store), config, calendars: buildCalendars(config), clock: () => NOW };
  const app = createApp(deps);
  const answered = new Map<string, { status: number; type: string | null; body: string }>();
  for (const path of READS) {
    for (const token of [null, viewer.value]) {
      const response = await app.request(path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
      answered.set(`${token ? 'viewer' : 'anyone'} ${path}`, { status: response.status, type: response.headers.get('content-type'), body: await response.text() });
    }
  }
  // The SRE console's and the management report page's views, behind a browser session.
  const sre = await sreView({ store, config }, NOW);
  answered.set('sre view', { status: 200, type: null, body: JSON.stringify(sre) });
  const report = await buildReportView({ store, config, calendars: deps.calendars }, { month: '2026-03', now: NOW, publicOnly: false });
  answered.set('report view', { status: 200, type: null, body: JSON.stringify({ ...report, exclusions: [...report.exclusions], trend: [...report.trend] }) });
  return answered;
}

const backends = storeBackends();
let fromSqlite: Map<string, { status: number; type: string | null; body: string }>;

beforeAll(async () => {
  const { openDatabase } = await import('../../src/store/database.ts');
  const database = openDatabase(':memory:');
  try {
    fromSqlite = await answers(database.store, database);
  } finally {
    database.close();
  }
});

describe('the reads of the app on SQLite', () => {
  it('answer every read, with what the seeded rows say', () => {
    for (const [read, answer] of fromSqlite) expect({ read, status: answer.status }).toEqual({ read, status: 200 });
    const status = JSON.parse(fromSqlite.get('viewer /api/v1/status')!.body) as { environments: Array<{ id: string; state: string; checks: Array<{ id: string; state: string }> }> };
    expect(status.environments.map((environment) => [environment.id, environment.state])).toEqual([
      ['acme-prod', 'major_outage'],
      ['globex-prod', 'major_outage'],
      ['staging', 'unknown'],
    ]);
    expect(status.environments[0]!.checks.map((check) => [check.id, check.state])).toEqual([
      ['acme-web', 'down'],
      ['acme-login', 'degraded'],
    ]);
    const march = JSON.parse(fromSqlite.get('anyone /api/v1/reports/monthly?month=2026-03')!.body) as { environments: Array<{ id: string; downtimeMs: number }> };
    expect(march.environments.map((figure) => [figure.id, figure.downtimeMs])).toEqual([['acme-prod', 90 * 60_000]]);
    const summary = JSON.parse(fromSqlite.get('anyone /api/v2/summary.json')!.body) as { incidents: unknown[]; scheduled_maintenances: Array<{ name: string }> };
    expect(summary.scheduled_maintenances).toHaveLength(1);
    const incidents = JSON.parse(fromSqlite.get('anyone /api/v2/incidents.json')!.body) as { incidents: Array<{ incident_updates: unknown[] }> };
    expect(incidents.incidents.map((incident) => incident.incident_updates.length)).toEqual([0, 3]);
    expect(fromSqlite.get('anyone /')!.body).toContain('A cache is being rebuilt');
    const sre = JSON.parse(fromSqlite.get('sre view')!.body) as { windows: unknown[]; outages: unknown[]; openIncidents: unknown[] };
    expect([sre.windows.length, sre.outages.length, sre.openIncidents.length]).toEqual([1, 3, 1]);
    // The revoked exclusion of 10 March, and the one of globex-prod's manual outage.
    const report = JSON.parse(fromSqlite.get('report view')!.body) as { exclusions: Array<[string, Array<{ id: number; revokedAt: number | null }>]> };
    expect(report.exclusions.map(([id, list]) => [id, list.map((exclusion) => [exclusion.id, exclusion.revokedAt !== null])])).toEqual([
      ['acme-prod', [[1, true]]],
      ['globex-prod', [[2, false]]],
    ]);
    expect(fromSqlite.get('viewer /metrics')!.body).toContain('veille_open_outages{environment="globex-prod"} 1');
  });
});

for (const backend of backends.filter((candidate) => candidate.name !== 'SQLite')) {
  describe.skipIf(backend.unavailable !== null)(`the reads of the app on ${backend.unavailable ?? backend.name}`, () => {
    let opened: Awaited<ReturnType<typeof backend.open>>;
    let answered: Map<string, { status: number; type: string | null; body: string }>;
    beforeAll(async () => {
      opened = await backend.open();
      answered = await answers(opened.store, null);
    });
    afterAll(() => opened?.close());

    it.each([...READS.flatMap((path) => [`anyone ${path}`, `viewer ${path}`]), 'sre view', 'report view'])('%s: the same answer as from SQLite, with no SQLite handle', (read) => {
      expect(answered.get(read)).toEqual(fromSqlite.get(read));
    });
  });
}
