import { sql } from 'drizzle-orm';
import { postgresDialect } from './any-dialect.ts';
import type { PostgresDb } from './postgres.ts';
import type { Store, StoreTx } from './store.ts';

/**
 * The key of the transaction-level advisory lock every write transaction takes first (any
 * number: the database holds only veille). Read committed alone would let two transactions that
 * read then write (is the window cancelled? then add a version) both act on what they read;
 * this lock runs them one after the other, across every process on the database, as SQLite's
 * single writer does, so the store's code means the same on both. veille's transactions are few
 * and short (API writes, the notifier); the prober's result batches will take a path of their own.
 */
const WRITE_LOCK = 0x7665_696c; // "veil"

/** The store on PostgreSQL: drizzle's transaction on a connection of the pool, nested ones as savepoints. */
export function postgresStore(db: PostgresDb): Store {
  return {
    ...postgresDialect(db),
    dialect: 'postgresql',
    transaction: (fn) =>
      db.transaction(async (pgTx) => {
        await pgTx.execute(sql`select pg_advisory_xact_lock(${WRITE_LOCK})`);
        return fn(storeTx(pgTx));
      }),
  };
}

type PostgresTx = Parameters<Parameters<PostgresDb['transaction']>[0]>[0];

function storeTx(pgTx: PostgresTx): StoreTx {
  return {
    ...postgresDialect(pgTx),
    savepoint: (fn) => pgTx.transaction((inner) => fn(storeTx(inner))),
  };
}
