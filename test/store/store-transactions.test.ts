import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { queryRows, type PostgresDb } from '../../src/store/postgres.ts';
import { environmentsSeen } from '../../src/store/schema/index.ts';
import type { Store, StoreTx } from '../../src/store/store.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';

// The store's transactions are one contract on every database: committed or rolled back whole,
// never interleaved with another, savepoints undone alone, a write outside one waiting for it.

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`transactions on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    const add = (tx: StoreTx, envId: string, at = 1) => tx.db.insert(tx.t.environmentsSeen).values({ envId, firstSeenAt: at });
    const ids = async () => (await store.db.select().from(store.t.environmentsSeen).orderBy(store.t.environmentsSeen.envId)).map((row) => row.envId);

    it('commits what the callback wrote and gives back what it returned', async () => {
      expect(
        await store.transaction(async (tx) => {
          await add(tx, 'acme-prod');
          await add(tx, 'globex-prod');
          return 'done';
        }),
      ).toBe('done');
      expect(await ids()).toEqual(['acme-prod', 'globex-prod']);
    });

    it('rolls back everything when the callback throws, passes the error on, and takes the next transaction', async () => {
      const refused = new Error('refused');
      await expect(
        store.transaction(async (tx) => {
          await add(tx, 'acme-prod');
          throw refused;
        }),
      ).rejects.toBe(refused);
      // A statement the database refuses rolls back the writes before it too.
      await expect(
        store.transaction(async (tx) => {
          await add(tx, 'globex-prod');
          await add(tx, 'globex-prod');
        }),
      ).rejects.toThrow();
      expect(await ids()).toEqual([]);
      await store.transaction((tx) => add(tx, 'initech-prod'));
      expect(await ids()).toEqual(['initech-prod']);
    });

    it('a savepoint that throws undoes its writes only; nested ones keep theirs', async () => {
      await store.transaction(async (tx) => {
        await add(tx, 'acme-prod');
        await expect(
          tx.savepoint(async (inner) => {
            await add(inner, 'globex-prod');
            throw new Error('no incident');
          }),
        ).rejects.toThrow('no incident');
        await tx.savepoint(async (inner) => {
          await add(inner, 'initech-prod');
          await inner.savepoint((deeper) => add(deeper, 'umbrella-prod'));
          await expect(inner.savepoint(() => Promise.reject(new Error('deeper')))).rejects.toThrow('deeper');
        });
      });
      expect(await ids()).toEqual(['acme-prod', 'initech-prod', 'umbrella-prod']);
    });

    it('concurrent transactions run one after the other: none reads what another is about to change', async () => {
      await store.transaction((tx) => add(tx, 'counter', 0));
      const steps: string[] = [];
      const counter = (tx: StoreTx) => tx.db.select().from(tx.t.environmentsSeen).where(eq(tx.t.environmentsSeen.envId, 'counter'));
      await Promise.all(
        Array.from({ length: 8 }, (_, k) =>
          store.transaction(async (tx) => {
            steps.push(`begin ${k}`);
            const [row] = await counter(tx);
            await counter(tx);
            await tx.db
              .update(tx.t.environmentsSeen)
              .set({ firstSeenAt: row!.firstSeenAt + 1 })
              .where(eq(tx.t.environmentsSeen.envId, 'counter'));
            steps.push(`end ${k}`);
          }),
        ),
      );
      expect((await store.db.select().from(store.t.environmentsSeen))[0]!.firstSeenAt).toBe(8);
      for (let k = 0; k < steps.length; k += 2) expect(steps[k + 1]).toBe(steps[k]!.replace('begin', 'end'));
    });

    it('a write outside waits for the open transaction, and is not undone when that one is', async () => {
      let entered!: () => void;
      const inside = new Promise<void>((done) => (entered = done));
      let release!: () => void;
      const gate = new Promise<void>((done) => (release = done));
      let seenInside: string[] = [];
      const first = store.transaction(async (tx) => {
        await add(tx, 'acme-prod');
        entered();
        await gate;
        seenInside = (await tx.db.select().from(tx.t.environmentsSeen)).map((row) => row.envId);
        throw new Error('refused after all');
      });
      await inside;
      const outside = store.transaction((tx) => add(tx, 'globex-prod'));
      await writerWaiting(store, backend.name);
      release();
      await expect(first).rejects.toThrow('refused after all');
      await outside;
      expect(seenInside).toEqual(['acme-prod']);
      expect(await ids()).toEqual(['globex-prod']);
    });
  });
}

/**
 * On a server, until the second writer's lock request has reached it (it waits there for the
 * first to end); SQLite and PGlite queue it in this process as soon as it is asked for.
 */
async function writerWaiting(store: Store, backend: string): Promise<void> {
  if (!backend.includes('server')) return;
  const waiters = sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`;
  while ((await queryRows<{ n: number }>(store.db as unknown as PostgresDb, waiters))[0]?.n !== 1) {
    await new Promise((done) => setTimeout(done, 20));
  }
}

describe('SQLite: the synchronous writers beside the store', () => {
  it("a write from a timer or I/O callback (the prober's batch) never lands inside a transaction that awaits only the store", async () => {
    const database = openDatabase(':memory:');
    try {
      const { store } = database;
      // Queued before the transaction begins, as the prober's next flush is.
      const timerWrite = new Promise<void>((done) =>
        setImmediate(() => {
          database.db.insert(environmentsSeen).values({ envId: 'from-the-prober', firstSeenAt: 1 }).run();
          done();
        }),
      );
      const refused = store.transaction(async (tx) => {
        for (let k = 0; k < 50; k++) await tx.db.insert(tx.t.environmentsSeen).values({ envId: `registry-${k}`, firstSeenAt: 1 });
        throw new Error('refused');
      });
      await expect(refused).rejects.toThrow('refused');
      await timerWrite;
      expect(database.db.select().from(environmentsSeen).all().map((row) => row.envId)).toEqual(['from-the-prober']);
    } finally {
      database.close();
    }
  });
});
