import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { shardOf } from '../../src/share/shard-of.ts';
import { NO_POSTGRES_SERVER, postgresBinaries, startPostgresCluster, type PostgresCluster } from '../support/postgres.ts';
import { countingTarget, expectEachTurnProbedOnce, killAll, postgresQuery, shardHolders, sharedChecksConfig, spawnVeille, terminate, turnOf, until, untilShared } from './support.ts';

// veille start on a PostgreSQL database shares its location's checks by shard with the other
// processes probing that location there, veille start or veille probe, as veille probe
// processes do among themselves. Counted at a loopback target stamping each request: no check
// is probed twice in one of its turns, every check is probed, and the checks of a veille start
// killed with kill -9 are probed again within two of their intervals.

const EVERY_MS = 4_000;
const checkIds = Array.from({ length: 16 }, (_, i) => `c${i}`);

const binaries = postgresBinaries();
if (!binaries) console.warn(`veille start sharing a location's checks on PostgreSQL skipped: ${NO_POSTGRES_SERVER}`);

describe.skipIf(!binaries)(`veille start sharing its location's checks on PostgreSQL (${binaries ?? NO_POSTGRES_SERVER})`, () => {
  let cluster: PostgresCluster | null = null;
  let databases = 0;
  const children: ChildProcess[] = [];
  afterEach(() => killAll(children));
  afterAll(async () => cluster?.stop());

  /** A target, a configuration of 16 checks every 4 s on it (with `locations` when given) and a new database. */
  const setUp = async (locations: string[] = []) => {
    cluster ??= await startPostgresCluster();
    const url = await cluster.createDatabase(`start_sharing_${++databases}`);
    const target = await countingTarget(checkIds);
    const dir = mkdtempSync(join(tmpdir(), 'veille-start-sharing-'));
    const configFile = join(dir, 'monitor.config.yaml');
    writeFileSync(configFile, sharedChecksConfig(target.port, checkIds, '4s', locations));
    const db = await postgresQuery(url);
    const start = (...more: string[]) => spawnVeille(['start', '--config', configFile, '--db', url, '--port', '0', ...more], dir, 'veille listening on', children);
    const probe = (location: string) => spawnVeille(['probe', '--location', location, '--config', configFile, '--db', url], dir, `veille probing as location ${location}`, children);
    return { target, db, start, probe, close: async () => (await db.close(), await target.close()) };
  };

  it('two veille start on one database share the checks; after kill -9 of one the other probes its checks within two intervals, none twice in a turn', { timeout: 240_000 }, async () => {
    const { target, db, start, close } = await setUp();
    try {
      const first = await start();
      await untilShared(db.query, 'default', [first.pid!]);
      const second = await start();
      await untilShared(db.query, 'default', [first.pid!, second.pid!]);
      await new Promise((r) => setTimeout(r, 2 * EVERY_MS));

      const heldBefore = await shardHolders(db.query, 'default');
      const killedAt = Date.now();
      first.kill('SIGKILL');
      await untilShared(db.query, 'default', [second.pid!]);
      await new Promise((r) => setTimeout(r, 2 * EVERY_MS));
      await terminate(second);
      const stoppedAt = Date.now();

      expectEachTurnProbedOnce(target.hits, EVERY_MS, 4);
      const taken = checkIds.filter((id) => heldBefore.get(shardOf(id)) === first.pid);
      expect(taken.length).toBeGreaterThan(0);
      for (const id of taken) {
        const next = target.hits.get(id)!.find((at) => at > killedAt);
        expect(next, `${id}: never probed after the kill`).toBeDefined();
        expect(turnOf(id, next!, EVERY_MS) - turnOf(id, killedAt, EVERY_MS), `${id}: taken over ${next! - killedAt} ms after the kill`).toBeLessThanOrEqual(2);
      }
      // Both probed their part before the kill, and every check was probed to the end.
      for (const id of checkIds) expect(target.hits.get(id)!.some((at) => at < killedAt), id).toBe(true);
      for (const id of checkIds) expect(Math.max(...target.hits.get(id)!), id).toBeGreaterThan(stoppedAt - 2 * EVERY_MS - 2 * EVERY_MS);
      // One result per probe: none written twice.
      const [written] = await db.query<{ results: number }>('select coalesce(sum(count), 0) as results from probe_runs');
      const probes = [...target.hits.values()].reduce((sum, at) => sum + at.length, 0);
      expect(written!.results).toBeLessThanOrEqual(probes);
    } finally {
      await close();
    }
  });

  it('veille start --location beside veille probe of the same location share its checks, none probed twice in a turn', { timeout: 240_000 }, async () => {
    const { target, db, start, probe, close } = await setUp(['mtl']);
    try {
      const daemon = await start('--location', 'mtl');
      await untilShared(db.query, 'mtl', [daemon.pid!]);
      const prober = await probe('mtl');
      await untilShared(db.query, 'mtl', [daemon.pid!, prober.pid!]);
      const sharedAt = Date.now();
      await new Promise((r) => setTimeout(r, 3 * EVERY_MS));
      await terminate(prober);
      await until('the daemon holding every shard again', async () => [...(await shardHolders(db.query, 'mtl')).values()].filter((pid) => pid === daemon.pid).length === 32);
      await new Promise((r) => setTimeout(r, EVERY_MS));
      await terminate(daemon);

      expectEachTurnProbedOnce(target.hits, EVERY_MS, 4);
      // While shared, every check was probed every turn by one of them.
      for (const id of checkIds) {
        const turns = new Set(target.hits.get(id)!.filter((at) => at > sharedAt).map((at) => turnOf(id, at, EVERY_MS)));
        const first = turnOf(id, sharedAt, EVERY_MS) + 1;
        for (let turn = first; turn < first + 2; turn++) expect(turns.has(turn), `${id}: turn ${turn} not probed`).toBe(true);
      }
    } finally {
      await close();
    }
  });
});
