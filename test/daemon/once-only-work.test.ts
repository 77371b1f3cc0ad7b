import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCalendars } from '../../src/config/calendars.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import { startDaemon } from '../../src/daemon/daemon.ts';
import { startOnceOnlyWork, WORK_LEASES, type OnceOnlyWork } from '../../src/daemon/once-only-work.ts';
import { leasesOf } from '../../src/lease/lease-store.ts';
import type { DeliveryFence } from '../../src/notify/delivery-worker.ts';
import { startNotifier, type Notifier } from '../../src/notify/notifier-service.ts';
import { openDatabase, type OpenDatabase } from '../../src/store/database.ts';
import { leases, outages } from '../../src/store/schema/index.ts';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';

// The daemon's once-only work (notifications, alerts, retention, closing the outages of removed
// checks) runs in one process at a time: two holders on one database, as two daemons on one
// PostgreSQL will be, and only the one holding a lease does its work.

const config = parseConfig(TEST_CONFIG_YAML, 'test.yaml');
const TIMING = { deliverEveryMs: 10, scanEveryMs: 10, timeoutMs: 1_000 };

/** Resolves once `done` holds, looking between turns of the event loop (bounded: a lost handover fails, it does not hang). */
async function until(what: string, done: () => boolean): Promise<void> {
  for (let n = 0; n < 3_000; n++) {
    if (done()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${what}: never`);
}

/** A process's runtime: a real notifier without timers, counting what the once-only work asks of it. */
function counted(database: OpenDatabase) {
  const notifier = startNotifier({ store: database.store, config, calendars: buildCalendars(config), clock: Date.now, log: () => undefined }, TIMING);
  const counts = { deliveries: 0, scans: 0 };
  /** The lease each delivery run was given. */
  const fences: DeliveryFence[] = [];
  const wrapped: Notifier = {
    ...notifier,
    deliverOnce: (fence) => {
      counts.deliveries++;
      if (fence) fences.push(fence);
      return notifier.deliverOnce(fence);
    },
    scanOnce: () => {
      counts.scans++;
      return notifier.scanOnce();
    },
  };
  return { counts, fences, runtime: () => ({ config, notifier: wrapped }), stop: () => notifier.stop() };
}

describe('once-only work under leases', () => {
  let database: OpenDatabase;
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
    database.close();
  });

  const start = (holder: string, process: ReturnType<typeof counted>): OnceOnlyWork => {
    const work = startOnceOnlyWork({ store: database.store, leases: leasesOf(database.store), holder, runtime: process.runtime, clock: Date.now, timing: TIMING, ttlMs: 3_000, log: () => undefined });
    stops.push(process.stop, () => work.stop());
    return work;
  };

  it('is done by the holder of each lease only; the other takes over once it is given up', async () => {
    database = openDatabase(':memory:');
    // An outage still open for a check the configuration no longer has.
    const [orphan] = database.db.insert(outages).values({ checkId: 'removed-web', envId: 'acme-prod', start: 1_000, lastDownAt: 61_000, source: 'probe', createdAt: 1_000 }).returning().all();

    const a = counted(database);
    const b = counted(database);
    const first = start('monitor-1:101:aaaaaaaa', a);
    await first.ready;
    expect(first.held()).toEqual([...WORK_LEASES]);
    // Closed as the lease was taken, before the work was ready.
    expect(database.db.select().from(outages).where(eq(outages.id, orphan!.id)).get()).toMatchObject({ end: 61_000, closedReason: 'check_removed' });

    const second = start('monitor-2:202:bbbbbbbb', b);
    await second.ready;
    expect(second.held()).toEqual([]);
    await until('the first holder delivers and scans', () => a.counts.deliveries >= 5 && a.counts.scans >= 5);
    expect(b.counts).toEqual({ deliveries: 0, scans: 0 });

    await first.stop();
    const doneByFirst = { ...a.counts };
    await until('the second holder takes over', () => second.held().length === WORK_LEASES.length && b.counts.deliveries >= 3 && b.counts.scans >= 3);
    expect(a.counts).toEqual(doneByFirst);
  });

  it('gives each delivery run the notifications lease it runs under, its signal aborted once the lease is given up', async () => {
    database = openDatabase(':memory:');
    const a = counted(database);
    const b = counted(database);
    const first = start('monitor-1:101:aaaaaaaa', a);
    await first.ready;
    const second = start('monitor-2:202:bbbbbbbb', b);
    await second.ready;
    await until('the first holder delivers', () => a.counts.deliveries >= 2);
    expect(a.fences).toHaveLength(a.counts.deliveries);
    expect(a.fences.map(({ lease }) => [lease.name, lease.holder, lease.fence])).toEqual(a.fences.map(() => ['notifications', 'monitor-1:101:aaaaaaaa', 1]));
    expect(a.fences.every(({ signal }) => !signal.aborted)).toBe(true);

    await first.stop();
    expect(a.fences.every(({ signal }) => signal.aborted)).toBe(true);
    await until('the second holder delivers', () => b.counts.deliveries >= 1);
    expect(b.fences[0]!.lease).toMatchObject({ name: 'notifications', holder: 'monitor-2:202:bbbbbbbb', fence: 2 });
    expect(b.fences[0]!.signal.aborted).toBe(false);
  });

  it('closes the outages of removed checks after a reload only where it holds that lease', async () => {
    database = openDatabase(':memory:');
    const a = counted(database);
    const b = counted(database);
    const holding = start('monitor-1:101:aaaaaaaa', a);
    await holding.ready;
    const waiting = start('monitor-2:202:bbbbbbbb', b);
    await waiting.ready;
    database.db.insert(outages).values({ checkId: 'removed-api', envId: 'acme-prod', start: 5_000, lastDownAt: 9_000, source: 'probe', createdAt: 5_000 }).run();
    await waiting.configurationChanged();
    expect(database.db.select().from(outages).get()).toMatchObject({ end: null });
    await holding.configurationChanged();
    expect(database.db.select().from(outages).get()).toMatchObject({ end: 9_000, closedReason: 'check_removed' });
  });
});

describe('the daemon on a SQLite file', () => {
  it("holds every lease at once when it takes over the file of a daemon that was killed, leaves another process's alone, and gives them up when it stops", async () => {
    const dbFile = join(mkdtempSync(join(tmpdir(), 'veille-leases-')), 'veille.db');
    const before = openDatabase(dbFile);
    // What a daemon killed on another host leaves: its daemon lock, its heartbeat long stale, and its leases, far from expired.
    const farAway = Date.now() + 3_600_000;
    before.sqlite.prepare("INSERT INTO daemon_lock (id, pid, host, started_at, heartbeat_at) VALUES (1, 4242, 'monitor-1', 0, 0)").run();
    before.db
      .insert(leases)
      .values(WORK_LEASES.map((name) => ({ name, holder: 'monitor-1:4242:deadbeef', fence: 7, takenAt: 0, expiresAt: farAway })))
      .run();
    // A lease of a process still running (veille serve on the same file) is not the dead daemon's to free.
    before.db.insert(leases).values({ name: 'elsewhere', holder: 'monitor-1:42:cafecafe', fence: 3, takenAt: 0, expiresAt: farAway }).run();
    before.close();

    const daemon = await startDaemon({ config, dbFile, port: 0, host: '127.0.0.1', probe: false });
    try {
      for (const name of WORK_LEASES) {
        const row = await leasesOf(daemon.store).read(name);
        expect(row?.holder).toMatch(new RegExp(`:${process.pid}:`));
        expect(row?.fence).toBe(8);
      }
    } finally {
      await daemon.stop();
    }
    const after = openDatabase(dbFile);
    try {
      expect(after.db.select().from(leases).all().map((row) => [row.name, row.holder, row.fence])).toEqual([
        ...WORK_LEASES.map((name) => [name, null, 8]),
        ['elsewhere', 'monitor-1:42:cafecafe', 3],
      ]);
    } finally {
      after.close();
    }
  });
});
