import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCalendars } from '../../src/config/calendars.ts';
import { indexChecks, outageRecorder } from '../../src/outages/outage-recorder.ts';
import { openResultSink } from '../../src/prober/open-result-sink.ts';
import { ResultWriter } from '../../src/prober/result-writer.ts';
import { DatabaseWrites, databaseUnavailable } from '../../src/store/database-writes.ts';
import { migratePostgres, openPostgres, queryRows, type OpenPostgres } from '../../src/store/postgres.ts';
import { postgresStore } from '../../src/store/postgres-store.ts';
import { instant } from '../../src/time/iso.ts';
import { NO_POSTGRES_SERVER, postgresBinaries, startPostgresCluster, type PostgresCluster } from '../support/postgres.ts';
import { proberConfig } from './support.ts';

// A PostgreSQL server out of reach is the database refusing writes, as a full disk is on
// SQLite: the prober keeps its results in order and writes them once the server answers again.
// The server is reached through a loopback relay to its socket, which the test closes and opens.

describe('what counts as the database refusing writes', () => {
  it('knows SQLite, PostgreSQL and the socket, wrapped by drizzle or not, and leaves a query bug alone', () => {
    const coded = (code: string, message = code) => Object.assign(new Error(message), { code });
    expect(databaseUnavailable(coded('SQLITE_FULL'))?.code).toBe('SQLITE_FULL');
    expect(databaseUnavailable(coded('SQLITE_BUSY_SNAPSHOT'))?.code).toBe('SQLITE_BUSY_SNAPSHOT');
    for (const code of ['53100', '08006', '57P01', '25006', 'ECONNREFUSED', 'ENOENT']) {
      expect(databaseUnavailable(new Error('Failed query: insert …', { cause: coded(code) }))?.code).toBe(code);
    }
    expect(databaseUnavailable(new AggregateError([coded('ECONNREFUSED')], ''))?.code).toBe('ECONNREFUSED');
    expect(databaseUnavailable(new Error('Failed query', { cause: new Error('Connection terminated unexpectedly') }))?.code).toBe('CONNECTION_LOST');
    for (const bug of [coded('SQLITE_CONSTRAINT_UNIQUE'), coded('23505'), coded('42P01'), coded('P0001'), new Error('no such column')]) {
      expect(databaseUnavailable(new Error('Failed query', { cause: bug }))).toBeNull();
    }
  });
});

const binaries = postgresBinaries();
if (!binaries) console.warn(NO_POSTGRES_SERVER);

describe.skipIf(!binaries)(`the prober's results while the PostgreSQL server is out of reach${binaries ? '' : ` (${NO_POSTGRES_SERVER})`}`, () => {
  let cluster: PostgresCluster;
  let relay: { port: number; open(): Promise<void>; close(): Promise<void> };
  let opened: OpenPostgres;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    // postgres://veille@/NAME?host=DIR: the server's socket is in DIR.
    const [, name, dir] = /^postgres:\/\/veille@\/([^?]+)\?host=(.+)$/.exec(await cluster.createDatabase('unreachable'))!;
    relay = await loopbackRelay(join(decodeURIComponent(dir!), '.s.PGSQL.5432'));
    opened = await openPostgres(`postgres://veille@127.0.0.1:${relay.port}/${name}`, { schema: 'untouched' });
    await migratePostgres(opened.db);
  }, 60_000);
  afterAll(async () => {
    await relay?.close();
    await opened?.close();
    await cluster?.stop();
  });


  it('counts a refused connection as the database refusing writes, keeps the results in order, and writes them once it answers', async () => {
    const config = proberConfig('http://127.0.0.1:9');
    const checks = indexChecks(config);
    const web = checks.get('web')!.check;
    const T = instant('2026-11-16T10:00:00-05:00');
    let ticks = 0;
    const log: string[] = [];
    const writes = new DatabaseWrites({ clock: () => T, ticks: () => ticks, log: (line) => log.push(line) });
    const store = postgresStore(opened.db);
    const sink = await openResultSink(store, { recordOutageEvents: outageRecorder({ config, calendars: buildCalendars(config), checks }) });
    const writer = new ResultWriter(sink, () => T, { batchSize: 1_000, writes });
    const add = (seconds: number, status: 'up' | 'down') => writer.add({ check: web, at: T + seconds * 1_000, result: { status, latencyMs: 10, reason: status === 'down' ? 'refused' : null }, events: [] });

    add(0, 'up');
    expect(await writer.flush()).toBe(1);
    await relay.close();
    add(10, 'down');
    add(20, 'down');
    expect(await writer.flush({ whenDue: true })).toBe(0);
    expect(writes.failure?.code).toMatch(/^(ECONNREFUSED|CONNECTION_LOST|08\w{3}|57P01)$/);
    expect(writer.pending).toBe(2);
    // Retries wait while the failure lasts.
    add(30, 'up');
    expect(await writer.flush({ whenDue: true })).toBe(0);
    expect(writes.failure).not.toBeNull();
    await relay.open();
    ticks += 1_000;
    expect(await writer.flush({ whenDue: true })).toBe(3);
    expect(writes.failure).toBeNull();
    expect(log).toEqual([expect.stringMatching(/^database: writes are failing/), expect.stringMatching(/^database: writes work again/)]);
    const runs = await queryRows<{ status: string; first_at: number; count: number }>(opened.db, sql`select status, first_at, count from probe_runs order by id`);
    expect(runs.map((row) => [row.status, Number(row.first_at) - T, Number(row.count)])).toEqual([
      ['up', 0, 1],
      ['down', 10_000, 2],
      ['up', 30_000, 1],
    ]);
  });
});

/** A loopback TCP port relayed to a Unix socket; closed, it refuses connections and ends those it carried. */
async function loopbackRelay(socketPath: string): Promise<{ port: number; open(): Promise<void>; close(): Promise<void> }> {
  let server: Server | null = null;
  let port = 0;
  const carried = new Set<Socket>();
  const open = () =>
    new Promise<void>((done) => {
      server = createServer((client) => {
        const upstream = connect(socketPath);
        for (const [from, to] of [
          [client, upstream],
          [upstream, client],
        ] as const) {
          carried.add(from);
          from.pipe(to);
          from.on('error', () => to.destroy());
          from.on('close', () => {
            carried.delete(from);
            to.destroy();
          });
        }
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        done();
      });
    });
  const close = () =>
    new Promise<void>((done) => {
      for (const socket of carried) socket.destroy();
      if (!server) return done();
      server.close(() => done());
      server = null;
    });
  await open();
  return {
    get port() {
      return port;
    },
    open,
    close,
  };
}
