import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { shardOf } from '../../src/share/shard-of.ts';
import { NO_POSTGRES_SERVER, postgresBinaries, startPostgresCluster, type PostgresCluster } from '../support/postgres.ts';
import { countingTarget, expectEachTurnProbedOnce, killAll, postgresQuery, shardHolders, sharedChecksConfig, spawnVeille, terminate, turnOf, until, untilShared, type Query } from './support.ts';

// Two `veille probe` processes of one location share its checks, then one is killed with
// kill -9 while it holds checks, among them one that is down. Counted where the probes land (a
// loopback target stamping each request): no check is probed twice in one of its turns, before,
// during or after the takeover; the killed prober's checks are probed again within two of their
// intervals; the down check has one outage, one incident at most, and its alert queued once.

const EVERY_MS = 4_000;
const CHECKS = 16;
const DOWN = 'c-down';
const checkIds = [DOWN, ...Array.from({ length: CHECKS - 1 }, (_, i) => `c${i}`)];

interface Database_ {
  name: string;
  url: string;
  query: Query;
  close(): Promise<void>;
}

const binaries = postgresBinaries();
// On PostgreSQL the location is named: its probers write its own timeline (the quorum makes the check's outages).
const postgresUnavailable = binaries ? null : NO_POSTGRES_SERVER;
if (postgresUnavailable) console.warn(`kill -9 of a prober on PostgreSQL skipped: ${postgresUnavailable}`);

let cluster: PostgresCluster | null = null;
afterAll(async () => cluster?.stop());

const databases: { name: string; unavailable: string | null; location: string; open(dir: string): Promise<Database_> }[] = [
  {
    name: 'a SQLite file',
    unavailable: null,
    location: 'default',
    async open(dir) {
      const file = join(dir, 'veille.db');
      let handle: Database.Database | null = null;
      return {
        name: 'SQLite',
        url: file,
        async query<T>(sql: string) {
          handle ??= new Database(file, { readonly: true, fileMustExist: true });
          return handle.prepare(sql).all() as T[];
        },
        async close() {
          handle?.close();
        },
      };
    },
  },
  {
    name: "a PostgreSQL server from Debian's binaries",
    unavailable: postgresUnavailable,
    location: 'mtl',
    async open() {
      cluster ??= await startPostgresCluster();
      const url = await cluster.createDatabase('probe_failover');
      return { name: 'PostgreSQL', url, ...(await postgresQuery(url)) };
    },
  },
];

for (const database of databases) {
  describe.skipIf(database.unavailable !== null)(`probers of one location on ${database.unavailable ?? database.name}`, () => {
    const children: ChildProcess[] = [];
    afterAll(() => killAll(children));

    it('share its checks, and after kill -9 of one the other takes its checks over within two intervals, nothing probed twice nor recorded twice', { timeout: 240_000 }, async () => {
      const target = await countingTarget(checkIds, DOWN);
      const { hits } = target;
      const dir = mkdtempSync(join(tmpdir(), 'veille-probe-failover-'));
      const db = await database.open(dir);
      try {
        const configFile = join(dir, 'monitor.config.yaml');
        const location = database.location;
        const located = location !== 'default';
        writeFileSync(configFile, sharedChecksConfig(target.port, checkIds, '4s', located ? [location] : []));
        const probers = new Map<number, ChildProcess>();
        const startProber = async () => {
          const child = await spawnVeille(['probe', '--location', location, '--config', configFile, '--db', db.url], dir, `veille probing as location ${location}`, children);
          probers.set(child.pid!, child);
          return child;
        };
        const holders = () => shardHolders(db.query, location);

        const first = await startProber();
        await untilShared(db.query, location, [first.pid!]);
        const second = await startProber();
        await untilShared(db.query, location, [first.pid!, second.pid!]);
        // Two intervals shared, then the holder of the down check is killed.
        await new Promise((r) => setTimeout(r, 2 * EVERY_MS));
        const victimPid = (await holders()).get(shardOf(DOWN))!;
        const victim = probers.get(victimPid)!;
        const survivor = [...probers.values()].find((child) => child !== victim)!;
        const heldByVictim = await holders();
        const killedAt = Date.now();
        victim.kill('SIGKILL');
        await until('the survivor holds every shard', async () => [...(await holders()).values()].every((pid) => pid === survivor.pid) && (await holders()).size === 32);
        await new Promise((r) => setTimeout(r, 3 * EVERY_MS));
        await terminate(survivor);
        const stoppedAt = Date.now();

        // Each check's turns are k × 4 s + its offset: no turn has two probes.
        expectEachTurnProbedOnce(hits, EVERY_MS, 4);
        const slot = (id: string, at: number) => turnOf(id, at, EVERY_MS);
        // The killed prober's checks: probed again within two turns of the kill.
        const taken = checkIds.filter((id) => heldByVictim.get(shardOf(id)) === victimPid);
        expect(taken).toContain(DOWN);
        for (const id of taken) {
          const next = hits.get(id)!.find((at) => at > killedAt);
          expect(next, `${id}: never probed after the kill`).toBeDefined();
          expect(slot(id, next!) - slot(id, killedAt), `${id}: taken over at ${next! - killedAt} ms after the kill`).toBeLessThanOrEqual(2);
        }
        // Every check kept being probed to the end.
        for (const id of checkIds) expect(Math.max(...hits.get(id)!)).toBeGreaterThan(stoppedAt - 2 * EVERY_MS - 3 * EVERY_MS);

        // Without locations the check's own outages; with them the location's (the quorum decides the check's).
        const table = located ? 'location_outages' : 'outages';
        const outages = await db.query<{ check_id: string; end: number | null }>(`select check_id, "end" from ${table} where check_id = '${DOWN}'`);
        expect(outages).toEqual([{ check_id: DOWN, end: null }]);
        expect(await db.query(`select id from ${table} where check_id <> '${DOWN}'`)).toEqual([]);
        const incidents = await db.query<{ id: number }>(`select id from incidents where check_id = '${DOWN}'`);
        expect(incidents.length).toBeLessThanOrEqual(1);
        const opened = await db.query<{ subject: string }>(`select subject from notification_events where kind = 'outage_opened'`);
        expect(opened.length).toBeLessThanOrEqual(1);
      } finally {
        await db.close();
        await target.close();
      }
    });
  });
}
