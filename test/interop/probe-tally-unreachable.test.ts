import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProbeTally } from '../../src/interop/metrics/probe-tally.ts';
import { openPostgres, type OpenPostgres } from '../../src/store/postgres.ts';
import { postgresStore } from '../../src/store/postgres-store.ts';
import { instant } from '../../src/time/iso.ts';
import { NO_POSTGRES_SERVER, postgresBinaries, startPostgresCluster, type PostgresCluster } from '../support/postgres.ts';

// The counters of /metrics begin where the history stands when the app starts. A server out of
// reach then must not leave a failed read behind that nobody awaits (an unhandled rejection ends
// a Node process): the first scrape once it is back begins again, counting only what comes after.

const binaries = postgresBinaries();
if (!binaries) console.warn(NO_POSTGRES_SERVER);

describe.skipIf(!binaries)('the probe tally begun while the server is stopped', () => {
  let cluster: PostgresCluster;
  let database: OpenPostgres;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    database = await openPostgres(await cluster.createDatabase('tally_unreachable'), { schema: 'create' });
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await cluster?.stop();
  });

  it('leaves no rejection unhandled, and once the server is back counts only what is stored after its first scrape', async () => {
    const store = postgresStore(database.db);
    const { db, t } = store;
    const at = instant('2026-11-16T12:00:00-05:00');
    await db.insert(t.probeRuns).values({ checkId: 'web', envId: 'acme-prod', location: 'default', status: 'up', firstAt: at, lastAt: at, count: 5 });
    await cluster.pause();
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', note);
    try {
      const tally = createProbeTally(store);
      await expect(tally.read()).rejects.toThrow();
      // A rejection nobody handled is reported once the turn's microtasks are done.
      for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      await cluster.resume();
      await db.update(t.probeRuns).set({ count: 8 }).where(eq(t.probeRuns.checkId, 'web'));
      expect((await tally.read()).get('web')?.get('default')?.results.up ?? 0).toBe(0);
      await db.update(t.probeRuns).set({ count: 9 }).where(eq(t.probeRuns.checkId, 'web'));
      expect((await tally.read()).get('web')!.get('default')!.results.up).toBe(1);
    } finally {
      process.off('unhandledRejection', note);
      await cluster.resume();
    }
  }, 180_000);
});
