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
const READS = ['/api/v1/status', '/api/v1/reports/monthly?month=2026-03', '/api/v1/reports/monthly?month=2026-04'];

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

    it.each(READS.flatMap((path) => [`anyone ${path}`, `viewer ${path}`]))('%s: the same answer as from SQLite, with no SQLite handle', (read) => {
      expect(answered.get(read)).toEqual(fromSqlite.get(read));
    });
  });
}
