import type Database from 'better-sqlite3';
import { sqliteDialect } from './any-dialect.ts';
import type { Db } from './database.ts';
import type { Store, StoreTx } from './store.ts';

/**
 * The store on a SQLite file. better-sqlite3 has one connection, and drizzle's SQLite
 * transaction refuses an asynchronous callback, so a transaction here is BEGIN IMMEDIATE, the
 * awaited callback, then COMMIT or ROLLBACK. While the callback awaits, other asynchronous code
 * runs, and whatever it wrote on this connection would land inside the open transaction and be
 * undone with it. So every write through the store is a transaction, and transactions wait in
 * one queue: the next begins once the previous has committed or rolled back. (A read outside a
 * transaction is not queued: meanwhile it sees what the open transaction has written so far.)
 *
 * Writers that still call better-sqlite3 directly run from timers and I/O callbacks, and a
 * transaction whose callback awaits only the store finishes within the microtasks that follow its
 * start, before any timer or I/O callback. (The prober's batches are store transactions whose
 * results are written by prepared statements on this connection inside them.)
 * IMMEDIATE takes SQLite's write lock at once: another process writing waits busy_timeout for it
 * instead of failing midway.
 */
export function sqliteStore(database: { readonly db: Db; readonly sqlite: Database.Database }): Store {
  const { sqlite } = database;
  const dialect = sqliteDialect(database.db);
  let queue: Promise<unknown> = Promise.resolve();
  let savepoints = 0;

  function tx(): StoreTx {
    return {
      ...dialect,
      async savepoint(fn) {
        const name = `veille_${++savepoints}`;
        sqlite.exec(`SAVEPOINT ${name}`);
        try {
          const result = await fn(tx());
          sqlite.exec(`RELEASE ${name}`);
          return result;
        } catch (error) {
          sqlite.exec(`ROLLBACK TO ${name}`);
          sqlite.exec(`RELEASE ${name}`);
          throw error;
        }
      },
    };
  }

  async function inTransaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    sqlite.exec('BEGIN IMMEDIATE');
    try {
      const result = await fn(tx());
      sqlite.exec('COMMIT');
      return result;
    } catch (error) {
      // A failed COMMIT or a statement SQLite itself aborted may have ended the transaction already.
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      throw error;
    }
  }

  return {
    ...dialect,
    dialect: 'sqlite',
    sqlite: database,
    transaction(fn) {
      const run = queue.then(() => inTransaction(fn));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
