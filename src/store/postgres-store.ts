import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { postgresDialect } from './any-dialect.ts';
import type { PostgresDb } from './postgres.ts';
import * as schema from './postgres-schema/index.ts';
import type { Store, StoreTx } from './store.ts';

/**
 * The key of the transaction-level advisory lock every write transaction takes first (any
 * number: the database holds only veille). Read committed alone would let two transactions that
 * read then write (is the window cancelled? then add a version) both act on what they read;
 * this lock runs them one after the other, across every process on the database, as SQLite's
 * single writer does, so the store's code means the same on both. veille's transactions are few
 * and short (API writes, the notifier); the prober's result batches are one such transaction a second.
 */
const WRITE_LOCK = 0x7665_696c; // "veil"

type Transaction = <T>(db: PostgresDb, fn: (tx: StoreTx) => Promise<T>) => Promise<T>;

/** The store on PostgreSQL: drizzle's transaction on a connection of the pool, nested ones as savepoints. */
export function postgresStore(db: PostgresDb): Store {
  const pool = (db as { $client?: unknown }).$client;
  const inTransaction: Transaction = (on, fn) =>
    on.transaction(async (pgTx) => {
      await pgTx.execute(sql`select pg_advisory_xact_lock(${WRITE_LOCK})`);
      return fn(storeTx(pgTx));
    });
  return {
    ...postgresDialect(db),
    dialect: 'postgresql',
    transaction: (fn) => (pool instanceof pg.Pool ? onOwnConnection(pool, inTransaction, fn) : inTransaction(db, fn)),
  };
}

/**
 * A transaction on a connection taken from the pool here rather than by drizzle: drizzle's sends
 * BEGIN before its try, so a connection the server dropped while idle (a restart, a network cut)
 * was never given back, and after as many as the pool holds every transaction waited forever.
 * A connection whose transaction failed is closed rather than given back: it may be the broken one.
 */
async function onOwnConnection<T>(pool: pg.Pool, inTransaction: Transaction, fn: (tx: StoreTx) => Promise<T>): Promise<T> {
  const connection = await pool.connect();
  // A connection lost between two statements says so as an 'error' event, which nobody listens
  // to while it is out of the pool (it would end the process); the next statement fails with it.
  const lost = () => undefined;
  connection.on('error', lost);
  try {
    const result = await inTransaction(drizzle(connection, { schema }), fn);
    connection.off('error', lost);
    connection.release();
    return result;
  } catch (error) {
    connection.off('error', lost);
    connection.release(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

type PostgresTx = Parameters<Parameters<PostgresDb['transaction']>[0]>[0];

function storeTx(pgTx: PostgresTx): StoreTx {
  return {
    ...postgresDialect(pgTx),
    savepoint: (fn) => pgTx.transaction((inner) => fn(storeTx(inner))),
  };
}
