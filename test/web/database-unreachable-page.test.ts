import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCalendars } from '../../src/config/calendars.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import { createApp } from '../../src/server/app.ts';
import { openPostgres, type OpenPostgres } from '../../src/store/postgres.ts';
import { postgresStore } from '../../src/store/postgres-store.ts';
import { instant } from '../../src/time/iso.ts';
import { HAVE_JAVA, nuProblems } from '../support/nu-checker.ts';
import { NO_POSTGRES_SERVER, postgresBinaries, startPostgresCluster, type PostgresCluster } from '../support/postgres.ts';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';

// The PostgreSQL server stopped while veille serves: a browser asking for a page reads a small
// page saying the status cannot be read now (503, valid HTML, in its language), programs and
// the API get the JSON 503 they always had, and everything answers again once the server is back.

const binaries = postgresBinaries();
if (!binaries) console.warn(NO_POSTGRES_SERVER);

describe.skipIf(!binaries)('pages while the database cannot be reached', () => {
  let cluster: PostgresCluster;
  let database: OpenPostgres;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    database = await openPostgres(await cluster.createDatabase('unreachable_pages'), { schema: 'create' });
    const config = parseConfig(TEST_CONFIG_YAML, 'test.yaml');
    app = createApp({ database: { store: postgresStore(database.db) }, config, calendars: buildCalendars(config), clock: () => instant('2026-11-16T12:00:00-05:00') });
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await cluster?.stop();
  });

  const asBrowser = (language: string) => ({ headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'accept-language': language } });

  it('answers a browser a 503 page in its language, the API and programs their JSON 503, and pages again once the server is back', async () => {
    // Nothing is asked before the server stops: the page and the status would be answered from memory a moment longer (src/cache).
    await cluster.pause();
    try {
      const french = await app.request('/', asBrowser('fr'));
      expect(french.status).toBe(503);
      expect(french.headers.get('content-type')).toMatch(/^text\/html/);
      expect(french.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(french.headers.get('content-security-policy')).toContain("default-src 'none'");
      const frenchPage = await french.text();
      expect(frenchPage).toContain('base de données est hors d’atteinte');
      const english = await app.request('/', asBrowser('en'));
      expect(english.status).toBe(503);
      const englishPage = await english.text();
      expect(englishPage).toContain('database is out of reach');

      // The SRE console reads its session first: the same page, not the 500 it answered before.
      const sre = await app.request('/sre', { headers: { ...asBrowser('en').headers, cookie: 'veille_session=unknown' } });
      expect(sre.status).toBe(503);
      expect(await sre.text()).toContain('database is out of reach');

      const api = await app.request('/api/v1/status', asBrowser('en'));
      expect(api.status).toBe(503);
      expect((await api.json()).error).toMatchObject({ code: 'database_unavailable', message: expect.stringMatching(/^the database cannot be reached now \(.+\); retry later$/) });
      const program = await app.request('/');
      expect(program.status).toBe(503);
      expect((await program.json()).error.code).toBe('database_unavailable');

      if (HAVE_JAVA) expect(nuProblems({ 'unavailable-fr': frenchPage, 'unavailable-en': englishPage })).toEqual([]);
      else console.warn('java is not installed: the 503 page is not checked by the Nu Html Checker');
    } finally {
      await cluster.resume();
    }
    expect((await app.request('/', asBrowser('fr'))).status).toBe(200);
  }, 180_000);
});
