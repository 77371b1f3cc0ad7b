import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { phaseOffset } from '../../src/schedule/phase.ts';
import { shardOf } from '../../src/share/shard-of.ts';
import { NO_POSTGRES_SERVER, postgresBinaries, startPostgresCluster, type PostgresCluster } from '../support/postgres.ts';

// Two `veille probe` processes of one location share its checks, then one is killed with
// kill -9 while it holds checks, among them one that is down. Counted where the probes land (a
// loopback target stamping each request): no check is probed twice in one of its turns, before,
// during or after the takeover; the killed prober's checks are probed again within two of their
// intervals; the down check has one outage, one incident at most, and its alert queued once.

const root = resolve(import.meta.dirname, '..', '..');
const EVERY_MS = 4_000;
const CHECKS = 16;
const DOWN = 'c-down';
const checkIds = [DOWN, ...Array.from({ length: CHECKS - 1 }, (_, i) => `c${i}`)];

interface Database_ {
  name: string;
  url: string;
  query<T>(sql: string): Promise<T[]>;
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
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      return {
        name: 'PostgreSQL',
        url,
        async query<T>(sql: string) {
          return (await client.query(sql)).rows.map((row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v]))) as T[];
        },
        close: () => client.end(),
      };
    },
  },
];

for (const database of databases) {
  describe.skipIf(database.unavailable !== null)(`probers of one location on ${database.unavailable ?? database.name}`, () => {
    const children: ChildProcess[] = [];
    afterAll(() => {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });

    it('share its checks, and after kill -9 of one the other takes its checks over within two intervals, nothing probed twice nor recorded twice', { timeout: 240_000 }, async () => {
      const hits = new Map<string, number[]>(checkIds.map((id) => [id, []]));
      const target = createServer((request, response) => {
        const id = (request.url ?? '').slice(1);
        hits.get(id)?.push(Date.now());
        response.statusCode = id === DOWN ? 503 : 200;
        response.end('ok');
      });
      await new Promise<void>((done) => target.listen(0, '127.0.0.1', done));
      const port = (target.address() as { port: number }).port;
      const dir = mkdtempSync(join(tmpdir(), 'veille-probe-failover-'));
      const db = await database.open(dir);
      try {
        const configFile = join(dir, 'monitor.config.yaml');
        const location = database.location;
        const located = location !== 'default';
        writeFileSync(
          configFile,
          `${located ? `locations: [${location}]` : ''}
environments:
  - id: acme-prod
    name: Acme
    type: production
    checks:
${checkIds.map((id) => `      - { id: ${id}, url: "http://127.0.0.1:${port}/${id}", every: 4s, timeout: 1s, confirmAfter: 2 }`).join('\n')}
`,
        );
        const probers = new Map<number, ChildProcess>();
        const startProber = async () => {
          const child = spawn(process.execPath, [join(root, 'bin', 'veille.js'), 'probe', '--location', location, '--config', configFile, '--db', db.url], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
          children.push(child);
          let output = '';
          child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
          await new Promise<void>((done, fail) => {
            child.stdout!.on('data', (chunk: Buffer) => {
              output += chunk.toString();
              if (output.includes(`veille probing as location ${location}`)) done();
            });
            child.once('exit', (code) => fail(new Error(`veille probe exited with ${code}: ${output}`)));
          });
          probers.set(child.pid!, child);
          return child;
        };
        const shardHolders = async () => {
          const rows = await db.query<{ name: string; holder: string }>(
            `select name, holder from leases where name like 'probe/${location}/shard/%' and holder is not null and expires_at > ${Date.now()}`,
          );
          return new Map(rows.map((row) => [Number(row.name.split('/').at(-1)), Number(row.holder.split(':')[1])]));
        };
        const until = async (what: string, done: () => Promise<boolean>, boundMs = 60_000) => {
          const start = Date.now();
          while (!(await done())) {
            if (Date.now() - start > boundMs) throw new Error(`${what}: not within ${boundMs} ms`);
            await new Promise((r) => setTimeout(r, 200));
          }
        };

        const first = await startProber();
        await until('the first prober holds every shard', async () => (await shardHolders()).size === 32);
        const second = await startProber();
        await until('the two probers share the shards', async () => {
          const holders = [...(await shardHolders()).values()];
          return holders.length === 32 && holders.filter((pid) => pid === first.pid).length === 16 && holders.filter((pid) => pid === second.pid).length === 16;
        });
        // Two intervals shared, then the holder of the down check is killed.
        await new Promise((r) => setTimeout(r, 2 * EVERY_MS));
        const victimPid = (await shardHolders()).get(shardOf(DOWN))!;
        const victim = probers.get(victimPid)!;
        const survivor = [...probers.values()].find((child) => child !== victim)!;
        const heldByVictim = await shardHolders();
        const killedAt = Date.now();
        victim.kill('SIGKILL');
        await until('the survivor holds every shard', async () => [...(await shardHolders()).values()].every((pid) => pid === survivor.pid) && (await shardHolders()).size === 32);
        await new Promise((r) => setTimeout(r, 3 * EVERY_MS));
        const exited = new Promise((r) => survivor.once('exit', r));
        survivor.kill('SIGTERM');
        await exited;
        const stoppedAt = Date.now();

        // Each check's turns are k × 4 s + its offset: no turn has two probes.
        const slot = (id: string, at: number) => Math.floor((at - phaseOffset(id, EVERY_MS)) / EVERY_MS);
        for (const id of checkIds) {
          const slots = hits.get(id)!.map((at) => slot(id, at));
          expect(slots.length, id).toBeGreaterThanOrEqual(4);
          expect(new Set(slots).size, `${id}: probed twice in one turn (${slots.join(' ')})`).toBe(slots.length);
        }
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
        await new Promise((done) => target.close(done));
      }
    });
  });
}
