import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/store/postgres.ts';
import { migratePostgres } from '../../src/store/postgres.ts';
import { NO_POSTGRES_SERVER, postgresBinaries, startPostgresCluster, type PostgresCluster } from '../support/postgres.ts';

// Three processes hold one lease on a real PostgreSQL server, one at a time. The holder is
// killed (kill -9) and another takes over within the lease's time to live; the next holder is
// paused (SIGSTOP) past its expiry, a third takes over, and when the paused one runs again it
// writes nothing under its stale number. Every item of work is done once, each fencing number's
// items form one unbroken run: never two holders working at once.

const TTL = 3_000;
const RENEW = Math.floor(TTL / 3);
const binaries = postgresBinaries();
if (!binaries) console.warn(NO_POSTGRES_SERVER);

interface Effect {
  item: number;
  fence: number;
  holder: string;
  at: number;
}

describe.skipIf(!binaries)(binaries ? 'a lease held by processes on a PostgreSQL server' : NO_POSTGRES_SERVER, () => {
  let cluster: PostgresCluster | null = null;
  const workers: ChildProcess[] = [];
  afterAll(async () => {
    for (const worker of workers) if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
    await cluster?.stop();
  });

  it('is taken over after kill -9 within its time to live, and no two holders ever work at once', { timeout: 180_000 }, async () => {
    cluster = await startPostgresCluster();
    const url = await cluster.createDatabase('lease_failover');
    const setup = await openPostgres(url, { schema: 'untouched' });
    await migratePostgres(setup.db);
    await setup.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('create table lease_effects (item bigint not null, fence bigint not null, holder text not null, at bigint not null)');
      const effects = async (): Promise<Effect[]> =>
        (await client.query('select item::int as item, fence::int as fence, holder, at::float8 as at from lease_effects order by item')).rows as Effect[];
      const serverNow = async () => Number((await client.query('select (extract(epoch from clock_timestamp()) * 1000)::float8 as now')).rows[0].now);
      const holderPid = async () => Number(String((await client.query("select holder from leases where name = 'work'")).rows[0]?.holder ?? '').split(':')[1]);
      /** Polls the database until `done` holds (bounded: a lost takeover fails the test, it does not hang it). */
      const until = async (what: string, done: (rows: Effect[]) => boolean, boundMs = 60_000) => {
        const start = Date.now();
        for (;;) {
          const rows = await effects();
          if (done(rows)) return rows;
          if (Date.now() - start > boundMs) throw new Error(`${what}: not within ${boundMs} ms; effects so far: ${JSON.stringify(rows.slice(-5))}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      };

      for (let n = 0; n < 3; n++) {
        const worker = spawn(process.execPath, ['--import', 'tsx', join('test', 'lease', 'lease-worker.ts'), url, String(TTL)], { stdio: ['ignore', 'pipe', 'inherit'] });
        workers.push(worker);
        // Its first line says it has connected and asked for the lease.
        await new Promise<void>((resolve, reject) => {
          createInterface({ input: worker.stdout! }).once('line', () => resolve());
          worker.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
        });
      }
      const fences = (rows: Effect[]) => new Set(rows.map((row) => row.fence));

      await until('the first holder works', (rows) => rows.length >= 20);
      const first = await holderPid();
      const killedAt = await serverNow();
      workers.find((worker) => worker.pid === first)!.kill('SIGKILL');
      const afterKill = await until('another holder takes over', (rows) => fences(rows).size === 2 && rows.filter((row) => row.fence === 2).length >= 20);
      const firstOfSecond = afterKill.find((row) => row.fence === 2)!;
      // Its holder renewed at most once before the kill without dying, so the lease expired by
      // killedAt + TTL, and the others ask every RENEW: taken then, give or take the time a
      // loaded machine takes to schedule a process and answer a query (the last term).
      expect(firstOfSecond.at - killedAt).toBeLessThanOrEqual(TTL + RENEW + 1_500);
      expect(Number(firstOfSecond.holder.split(':')[1])).not.toBe(first);

      const second = await holderPid();
      const paused = workers.find((worker) => worker.pid === second)!;
      paused.kill('SIGSTOP');
      // Paused in the middle of a transaction, it would hold the write lock until it runs again:
      // then the third takes over only after that, which the checks below allow for.
      await until('a third holder takes over from the paused one', (rows) => fences(rows).size === 3, 3 * TTL + 5_000).catch(() => undefined);
      paused.kill('SIGCONT');
      await until('the third holder works after the paused one runs again', (rows) => rows.filter((row) => row.fence === 3).length >= 20);
      // Time for the paused one to notice (its next turn), and to write were it going to.
      await new Promise((resolve) => setTimeout(resolve, 3 * RENEW));
      const rows = await until('the third holder keeps working', (rows) => rows.filter((row) => row.fence === 3).length >= 40);

      // The others first: were the holder to release the lease before they stop, one would take it.
      const third = await holderPid();
      const stop = async (worker: ChildProcess) => {
        if (worker.exitCode !== null || worker.signalCode !== null) return;
        const exited = new Promise((resolve) => worker.once('exit', resolve));
        worker.kill('SIGTERM');
        await exited;
      };
      for (const worker of workers.filter((worker) => worker.pid !== third)) await stop(worker);
      await stop(workers.find((worker) => worker.pid === third)!);
      const final = await effects();

      // Every item once, in order.
      expect(final.map((row) => row.item)).toEqual(final.map((_, n) => n + 1));
      // Each number's items are one run, the numbers growing: never two holders interleaved.
      const runs = final.map((row) => row.fence).filter((fence, n, all) => n === 0 || all[n - 1] !== fence);
      expect(runs).toEqual([1, 2, 3]);
      // One holder per number, a different process each time.
      const holders = [1, 2, 3].map((fence) => new Set(final.filter((row) => row.fence === fence).map((row) => row.holder)));
      expect(holders.map((set) => set.size)).toEqual([1, 1, 1]);
      expect(new Set(holders.map((set) => [...set][0])).size).toBe(3);
      expect(rows.length).toBeGreaterThanOrEqual(80);
      // The last holder released the lease on SIGTERM.
      expect((await client.query("select holder, fence::int as fence from leases where name = 'work'")).rows[0]).toEqual({ holder: null, fence: 3 });
    } finally {
      await client.end();
    }
  });
});
