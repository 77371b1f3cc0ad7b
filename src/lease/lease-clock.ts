import { sql, type SQL } from 'drizzle-orm';

/**
 * The one clock every expiry of a lease is judged by. `database`: the database's own, read in
 * the statement that takes or renews the lease. On PostgreSQL that is the server's clock, shared
 * by every process on every host: were each holder to stamp expiries with its own clock, a host
 * whose clock runs a minute behind would still see a lease as its own a minute after it expired,
 * and one a minute ahead would take a lease while its holder still held it; two holders at once
 * is what the lease exists to prevent. On SQLite the database is one file on one host, so its
 * clock is that host's. A function: a clock given by a test (the same on both dialects).
 */
export type LeaseClock = 'database' | (() => number);

/** The database's clock on SQLite (this host's), in epoch milliseconds, as SQL text. */
export const SQLITE_NOW_MS = "cast(unixepoch('subsec') * 1000 as integer)";

/** Epoch milliseconds by `clock`, as SQL for the statement to read. */
export function nowSql(dialect: 'sqlite' | 'postgresql', clock: LeaseClock): SQL {
  // Typed, so that PostgreSQL can add a duration to it.
  if (clock !== 'database') return sql`cast(${clock()} as bigint)`;
  // clock_timestamp(), not now(): now() is when the transaction began, which a wait for a lock
  // may have left behind; the lease is judged at the statement.
  if (dialect === 'postgresql') return sql`(extract(epoch from clock_timestamp()) * 1000)::bigint`;
  return sql.raw(SQLITE_NOW_MS);
}
