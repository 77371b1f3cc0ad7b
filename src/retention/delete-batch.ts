import type { SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Store, StoreTx } from '../store/store.ts';

/**
 * Deletes one batch of retention's rows, in a short transaction of its own, so the prober's
 * writes wait for at most one batch. `which` is the condition naming the batch's rows, a key IN
 * a subquery bounded by its LIMIT (neither database limits a DELETE itself); `counted` is any
 * column of the table, returned only to count the rows that went.
 */
export function deleteBatch(store: Store, table: SQLiteTable, counted: SQLiteColumn, which: (tx: StoreTx) => SQL | undefined): Promise<number> {
  return store.transaction(async (tx) => (await tx.db.delete(table).where(which(tx)).returning({ counted })).length);
}
