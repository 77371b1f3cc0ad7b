import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildCalendars } from '../../src/config/calendars.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import { openProber, type Prober } from '../../src/prober/prober.ts';
import { createApp } from '../../src/server/app.ts';
import { acquireDaemonLock, startHeartbeat } from '../../src/store/daemon-lock.ts';
import { DatabaseWrites } from '../../src/store/database-writes.ts';
import type { ProbeResult } from '../../src/probe/types.ts';
import { createToken } from '../../src/auth/token-store.ts';
import { manualClock, openDatabase, rows, storedResults, tempDbFile } from '../prober/support.ts';
import type { OpenDatabase } from '../../src/store/database.ts';

// The database refusing writes: another process holding the write lock past busy_timeout
// (SQLITE_BUSY, real), a database that became read-only (SQLITE_READONLY, injected with
// `PRAGMA query_only`). Nothing may end the daemon; results wait within a bound, API writes
// answer 503, /healthz and /metrics say so, and everything resumes on its own.

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Monotonic time the test moves, so retries come when the test says. */
function ticks() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

const CONFIG = parseConfig(`
environments:
  - id: acme-prod
    name: Acme
    type: production
    public: true
    checks:
      - { id: web, url: "http://127.0.0.1:9/", every: 30s, timeout: 2s, confirmAfter: 2 }
`);

describe('the database lock heartbeat', () => {
  it('does not throw when another process holds the write lock past busy_timeout: it reports it, and beats again once released', async () => {
    const file = tempDbFile();
    const database = openDatabase(file);
    const lock = acquireDaemonLock(database.sqlite, 1_000);
    database.sqlite.pragma('busy_timeout = 20');
    const other = new Database(file);
    cleanups.push(() => {
      other.close();
      lock.release();
      database.close();
    });
    other.prepare('BEGIN IMMEDIATE').run();
    const time = ticks();
    const writes = new DatabaseWrites({ clock: () => 5_000, ticks: time.now, log: () => undefined });
    const heartbeat = startHeartbeat(lock, { clock: () => 5_000, writes, everyMs: 10 });
    cleanups.push(() => heartbeat.stop());

    await vi.waitFor(() => expect(writes.failure).toMatchObject({ code: 'SQLITE_BUSY', since: 5_000 }), { interval: 10 });
    other.prepare('COMMIT').run();
    time.advance(1_000);
    await vi.waitFor(() => expect(writes.failure).toBeNull(), { interval: 10 });
    expect(rows(database, 'SELECT heartbeat_at AS at FROM daemon_lock')).toEqual([{ at: 5_000 }]);
  });
});

describe('the prober while the database refuses writes', () => {
  async function start(options: { maxQueued?: number } = {}) {
    const database = openDatabase(tempDbFile());
    const clock = manualClock('2026-11-16T10:00:00-05:00');
    const time = ticks();
    const writes = new DatabaseWrites({ clock: clock.now, ticks: time.now, log: () => undefined });
    let next: ProbeResult = { status: 'up', latencyMs: 5, reason: null };
    const prober = await openProber({ store: database.store, config: CONFIG, clock: clock.now, schedule: false, writes, probe: async () => next, ...options });
    cleanups.push(async () => {
      await prober.stop();
      database.close();
    });
    const probe = async (result: ProbeResult) => {
      next = result;
      await prober.runCheck('web');
      await prober.flush();
      clock.advance(30_000);
    };
    return { database, clock, time, writes, prober, probe };
  }
  const down: ProbeResult = { status: 'down', latencyMs: 2_000, reason: 'timeout' };
  const up: ProbeResult = { status: 'up', latencyMs: 5, reason: null };

  it('keeps results queued, reports the failure, and writes them all once writing works again', async () => {
    const { database, writes, prober, probe } = await start();
    database.sqlite.pragma('query_only = ON');
    await probe(up);
    await probe(down);
    await probe(down);
    expect(prober.health()).toMatchObject({ ok: false, details: { pendingResults: 3, droppedResults: 0 } });
    expect(writes.failure).toMatchObject({ code: 'SQLITE_READONLY' });

    database.sqlite.pragma('query_only = OFF');
    await prober.flush();
    expect(writes.failure).toBeNull();
    expect(prober.health().details).toMatchObject({ pendingResults: 0, writeError: null });
    expect(storedResults(database).map(({ status }) => ({ status }))).toEqual([{ status: 'up' }, { status: 'down' }, { status: 'down' }]);
    expect(rows(database, 'SELECT check_id AS checkId, "end" FROM outages')).toEqual([{ checkId: 'web', end: null }]);
  });

  it('past its bound drops the oldest results, counts them, writes their time as unmonitored, and keeps the outage they opened', async () => {
    const { database, clock, prober, probe } = await start({ maxQueued: 4 });
    database.sqlite.pragma('query_only = ON');
    const first = clock.now();
    // down, down (outage opens), down, down, down: 5 results for a bound of 4.
    for (let i = 0; i < 5; i++) await probe(down);
    expect(prober.health().details).toMatchObject({ pendingResults: 3, droppedResults: 2 });

    database.sqlite.pragma('query_only = OFF');
    await probe(up);
    expect(rows(database, 'SELECT coalesce(sum(count), 0) AS n FROM probe_runs')).toEqual([{ n: 4 }]);
    // Neither up nor down: the dropped results' time is unmonitored.
    expect(rows(database, 'SELECT start, "end" FROM unmonitored_spans')).toEqual([{ start: first, end: first + 30_000 }]);
    // The outage opened by a dropped result is there, and closed by the answer.
    expect(rows(database, 'SELECT start, "end", closed_reason AS cause FROM outages')).toEqual([{ start: first, end: first + 5 * 30_000, cause: 'recovered' }]);
  });

  it('while writes fail, tries again only when the retry time has come (each try may block for busy_timeout)', async () => {
    const { database, writes, time, probe } = await start();
    database.sqlite.pragma('query_only = ON');
    await probe(up);
    const errors = writes.errors;
    expect(writes.mayTry()).toBe(false);
    time.advance(1_000);
    expect(writes.mayTry()).toBe(true);
    expect(errors).toBe(1);
  });
});

describe('the HTTP API while the database refuses writes', () => {
  async function app() {
    const database: OpenDatabase = openDatabase(':memory:');
    cleanups.push(() => database.close());
    const time = ticks();
    const writes = new DatabaseWrites({ clock: () => Date.parse('2026-11-16T15:00:00Z'), ticks: time.now, log: () => undefined });
    const calendars = buildCalendars(CONFIG);
    const deps = { database, config: CONFIG, calendars, clock: () => Date.parse('2026-11-16T15:00:00Z'), databaseWrites: writes };
    const token = (await database.store.transaction((tx) => createToken(tx, { role: 'admin', name: 'ops', now: deps.clock() }))).secret;
    return { database, time, writes, app: createApp(deps), token };
  }

  it('answers a write 503 database_unavailable with Retry-After, reports it on /healthz and /metrics, and takes writes again once the database does', async () => {
    const { database, time, app: server, token } = await app();
    const createTokenRequest = () =>
      server.request('/api/v1/tokens', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ role: 'viewer', name: 'reader' }) });
    database.sqlite.pragma('query_only = ON');

    const refused = await createTokenRequest();
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toEqual({ error: { code: 'database_unavailable', message: expect.stringContaining('SQLITE_READONLY') } });

    // Refused at once while the failure is known and its retry time has not come.
    expect((await createTokenRequest()).status).toBe(503);

    const health = await server.request('/healthz');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ ok: false, database: { writable: false, code: 'SQLITE_READONLY', since: '2026-11-16T15:00:00.000Z' } });
    const metrics = await (await server.request('/metrics')).text();
    expect(metrics).toMatch(/^veille_database_writable 0$/m);
    expect(metrics).toMatch(/^veille_database_write_errors_total 1$/m);

    database.sqlite.pragma('query_only = OFF');
    time.advance(1_000);
    expect((await createTokenRequest()).status).toBe(201);
    expect((await server.request('/healthz')).status).toBe(200);
  });
});
