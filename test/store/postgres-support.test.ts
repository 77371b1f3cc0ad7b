import { describe, expect, it } from 'vitest';
import { migratePostgres, openPostgres } from '../../src/store/postgres.ts';
import { environmentsSeen } from '../../src/store/postgres-schema/index.ts';
import { NO_POSTGRES_SERVER, openPglite, postgresBinaries, startPostgresCluster } from '../support/postgres.ts';

describe('PostgreSQL for the tests', () => {
  it('PGlite opens with veille schema migrated', async () => {
    const pglite = await openPglite();
    try {
      await pglite.db.insert(environmentsSeen).values({ envId: 'acme-prod', firstSeenAt: 1_764_547_200_000 });
      expect(await pglite.db.select().from(environmentsSeen)).toEqual([{ envId: 'acme-prod', firstSeenAt: 1_764_547_200_000 }]);
    } finally {
      await pglite.close();
    }
  });

  const bin = postgresBinaries();
  if (!bin) console.warn(NO_POSTGRES_SERVER);
  it.skipIf(!bin)(`a throwaway cluster of Debian's binaries serves a postgres:// URL (${bin ? bin : NO_POSTGRES_SERVER})`, async () => {
    const cluster = await startPostgresCluster();
    try {
      const url = await cluster.createDatabase('support');
      expect(url).toMatch(/^postgres:\/\/veille@\/support\?host=/);
      // A database veille has no tables in is not opened for reading, nor changed.
      await expect(openPostgres(url, { schema: 'existing' })).rejects.toThrow(/cannot use postgres:\/\/veille@\/support\?host=.* as the database: it holds no veille database/);
      const fresh = await openPostgres(url, { schema: 'untouched' });
      await migratePostgres(fresh.db);
      await fresh.close();
      const opened = await openPostgres(url, { schema: 'existing' });
      try {
        await opened.db.insert(environmentsSeen).values({ envId: 'acme-prod', firstSeenAt: 1_764_547_200_000 });
        expect(await opened.db.select().from(environmentsSeen)).toEqual([{ envId: 'acme-prod', firstSeenAt: 1_764_547_200_000 }]);
      } finally {
        await opened.close();
      }
    } finally {
      await cluster.stop();
    }
  });
});
