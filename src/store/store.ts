import type Database from 'better-sqlite3';
import type { AnyDialect } from './any-dialect.ts';
import type { Db } from './database.ts';

/**
 * The store as every area sees it, whichever database holds it: reads through `db` (queries
 * written once for both dialects, src/store/any-dialect.ts) and every write inside
 * `transaction`, even a single statement. Transactions through one store never interleave: on
 * SQLite they are queued on its one connection (src/store/sqlite-store.ts), on PostgreSQL each
 * takes one lock first (src/store/postgres-store.ts), so code written against SQLite's single
 * writer keeps its meaning on a server shared by several processes.
 */
export interface Store extends AnyDialect {
  readonly dialect: 'sqlite' | 'postgresql';
  /**
   * Runs `fn` in a transaction: committed when its promise resolves, rolled back when it
   * rejects (the rejection is passed on). `fn` does store work only, through `tx`, one statement
   * awaited after another: on SQLite anything else it awaited would hold every other write back,
   * and `store.transaction` called inside it would wait for itself forever.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * On SQLite, its one connection, for the writer whose hot path is prepared statements (the
   * prober's result batches, run inside a store transaction: src/prober/sqlite-result-sink.ts);
   * absent on PostgreSQL.
   */
  readonly sqlite?: { readonly db: Db; readonly sqlite: Database.Database };
}

/** A transaction in progress: reads and writes through `db`, and savepoints. */
export interface StoreTx extends AnyDialect {
  /**
   * Runs `fn` in a savepoint of this transaction: when it rejects, what it wrote is undone and
   * the rejection passed on, and the transaction goes on (e.g. an incident that cannot be opened
   * must not cost the results and outages written beside it).
   */
  savepoint<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
}
