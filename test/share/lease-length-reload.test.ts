import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/load-config.ts';
import { startDaemon } from '../../src/daemon/daemon.ts';
import { NO_POSTGRES_SERVER, postgresBinaries, startPostgresCluster, type PostgresCluster } from '../support/postgres.ts';
import { postgresQuery } from './support.ts';

// veille start on PostgreSQL holds its location's shards under leases whose length follows its
// checks (0.6 of the shortest interval): a reload adding a faster check shortens them at once,
// so that check is taken over within two of its intervals if this process dies, without a
// restart. Read from the lease table on a throwaway cluster, against the server's own clock.

const binaries = postgresBinaries();
if (!binaries) console.warn(`the lease length following a reload skipped: ${NO_POSTGRES_SERVER}`);

const config = (checks: string) => `environments:
  - id: acme-prod
    name: Acme
    type: production
    checks:
${checks}
`;
const SLOW = '      - { id: slow, url: "http://127.0.0.1:9/slow", every: 1m, timeout: 1s }';
const FAST = '      - { id: fast, url: "http://127.0.0.1:9/fast", every: 5s, timeout: 1s }';

describe.skipIf(!binaries)(`the shard lease length of veille start follows a reload (${binaries ?? NO_POSTGRES_SERVER})`, () => {
  let cluster: PostgresCluster | null = null;
  afterAll(async () => cluster?.stop());

  it('a reload adding a check every 5 s renews its leases for 3 s at once (0.6 of 5 s), where a minute gave 36 s', { timeout: 120_000 }, async () => {
    cluster = await startPostgresCluster();
    const url = await cluster.createDatabase('lease_length_reload');
    const dir = mkdtempSync(join(tmpdir(), 'veille-lease-length-'));
    const configFile = join(dir, 'monitor.config.yaml');
    writeFileSync(configFile, config(SLOW));
    const db = await postgresQuery(url);
    const daemon = await startDaemon({ config: loadConfigFile(configFile), configFile, dbFile: url, port: 0, host: '127.0.0.1', probe: true });
    try {
      // What is left of each of its leases (membership and shards), by the server's clock.
      const left = async () =>
        (
          await db.query<{ left: number }>(
            `select expires_at - (extract(epoch from clock_timestamp()) * 1000)::bigint as left from leases where name like 'probe/default/%' and holder is not null`,
          )
        ).map((row) => Number(row.left));
      const before = await left();
      expect(before).toHaveLength(33);
      expect(Math.min(...before)).toBeGreaterThan(3_000);
      expect(Math.max(...before)).toBeLessThanOrEqual(36_000);

      writeFileSync(configFile, config(`${SLOW}\n${FAST}`));
      expect(await daemon.reload()).toMatchObject({ ok: true });
      const after = await left();
      expect(after).toHaveLength(33);
      expect(Math.max(...after)).toBeLessThanOrEqual(3_000);
    } finally {
      await daemon.stop();
      await db.close();
    }
  });
});
