import { sql } from 'drizzle-orm';
import type { Db } from '../store/database.ts';
import type { PostgresDb } from '../store/postgres.ts';
import type { Store } from '../store/store.ts';
import type { ClockReading } from './clock-offset.ts';
import { nowSql } from './lease-clock.ts';

/**
 * Reads the database's clock (the one leases are judged by: lease-clock.ts) between two readings
 * of the host's wall clock `hostNow`, for judgeClock. On SQLite the database's clock is the
 * host's own; on PostgreSQL it is the server's, which every host shares.
 */
export async function readDatabaseClock(store: Store, hostNow: () => number = Date.now): Promise<ClockReading> {
  const query = sql`select ${nowSql(store.dialect, 'database')} as now`;
  const sentAt = hostNow();
  const row =
    store.dialect === 'postgresql'
      ? ((await (store.db as unknown as PostgresDb).execute(query)) as unknown as { rows: { now: unknown }[] }).rows[0]
      : (store.db as unknown as Db).get<{ now: unknown }>(query);
  const receivedAt = hostNow();
  return { sentAt, databaseNow: Number(row?.now), receivedAt };
}
