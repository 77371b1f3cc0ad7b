// One holder of the `work` lease, as a process of its own: `node --import tsx lease-worker.ts URL TTL`.
// While it holds the lease it numbers items one after another in lease_effects, each in a
// transaction that first asks whether its lease is still current, and stamps each with its
// fencing number, its holder and the server's time. SIGTERM stops it cleanly (releasing the lease).
import { sql } from 'drizzle-orm';
import { keepLease } from '../../src/lease/lease-keeper.ts';
import { leasesOf } from '../../src/lease/lease-store.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import { postgresStore } from '../../src/store/postgres-store.ts';

const [url, ttl] = process.argv.slice(2);
const postgres = await openPostgres(url!, { schema: 'existing' });
const store = postgresStore(postgres.db);
const leases = leasesOf(store);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const keeper = keepLease({ leases, name: 'work', ttlMs: Number(ttl), log: (line) => console.error(`${process.pid}: ${line}`) }, async (lease, signal) => {
  console.log(JSON.stringify({ pid: process.pid, took: lease.fence }));
  while (!signal.aborted) {
    await store.transaction(async (tx) => {
      if (!(await leases.stillHeld(tx, lease))) return;
      await (tx.db as unknown as typeof postgres.db).execute(
        sql`insert into lease_effects (item, fence, holder, at) select coalesce(max(item), 0) + 1, ${lease.fence}, ${lease.holder}, (extract(epoch from clock_timestamp()) * 1000)::bigint from lease_effects`,
      );
    });
    await pause(20);
  }
});

process.on('SIGTERM', () => {
  void keeper
    .stop()
    .then(() => postgres.close())
    .then(() => process.exit(0));
});
console.log(JSON.stringify({ pid: process.pid, holder: keeper.holder }));
