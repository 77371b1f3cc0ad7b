import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keepLease, untilAborted, type KeptLease } from '../../src/lease/lease-keeper.ts';
import { leasesOf, type HeldLease, type Leases } from '../../src/lease/lease-store.ts';
import type { Timers } from '../../src/schedule/timers.ts';
import { openDatabase, type OpenDatabase } from '../../src/store/database.ts';

// The keeper runs a job only while its process holds the lease, and stops it at once when it
// cannot be sure it still does. Each process has its own timers here, driven by hand; the
// lease's clock is the one the test moves.

const T0 = Date.parse('2026-03-10T09:00:00-04:00');
const TTL = 30_000;

/** Lets the database calls and the promise chains that follow a timer run to their end. */
async function settle(): Promise<void> {
  for (let n = 0; n < 20; n++) await new Promise((resolve) => setImmediate(resolve));
}

/** One process's timers: they run only when the test advances that process. */
function processTimers(world: { now: number }) {
  let seq = 0;
  const pending = new Map<number, { at: number; callback: () => void }>();
  const timers: Pick<Timers, 'now' | 'setTimeout' | 'clearTimeout'> = {
    now: () => world.now,
    setTimeout(callback, ms) {
      pending.set(++seq, { at: world.now + ms, callback });
      return seq;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    /** Runs what falls due up to `until` (the world's time, which the caller moves). */
    async runUntil(until: number) {
      for (;;) {
        const next = [...pending.entries()].sort((a, b) => a[1].at - b[1].at)[0];
        if (!next || next[1].at > until) return;
        pending.delete(next[0]);
        next[1].callback();
        await settle();
      }
    },
  };
}

/** A job that records its tenures: started under which number, stopped or not. */
function recordingJob() {
  const tenures: { fence: number; stopped: boolean }[] = [];
  const job = async (lease: HeldLease, signal: AbortSignal) => {
    const tenure = { fence: lease.fence, stopped: false };
    tenures.push(tenure);
    await untilAborted(signal);
    tenure.stopped = true;
  };
  return { tenures, job, running: () => tenures.filter((tenure) => !tenure.stopped).map((tenure) => tenure.fence) };
}

describe('keeping a lease', () => {
  let database: OpenDatabase;
  let world: { now: number };
  let leases: Leases;
  const kept: KeptLease[] = [];
  beforeEach(() => {
    database = openDatabase(':memory:');
    world = { now: T0 };
    leases = leasesOf(database.store, () => world.now);
  });
  afterEach(async () => {
    for (const keeper of kept.splice(0)) await keeper.stop();
    database.close();
  });

  const keep = (process: ReturnType<typeof processTimers>, job: Parameters<typeof keepLease>[1], over: Partial<Parameters<typeof keepLease>[0]> = {}) => {
    const keeper = keepLease({ leases, name: 'notifications', ttlMs: TTL, timers: process.timers, log: () => undefined, ...over }, job);
    kept.push(keeper);
    return keeper;
  };
  /** Moves the world's time by `ms`, running each process's timers as they fall due, in steps. */
  const advance = async (ms: number, processes: ReturnType<typeof processTimers>[]) => {
    const end = world.now + ms;
    while (world.now < end) {
      world.now = Math.min(end, world.now + 1_000);
      for (const process of processes) await process.runUntil(world.now);
    }
  };

  it('runs the job once taken, renews under the same number, and stops the job and releases the lease when stopped', async () => {
    const a = processTimers(world);
    const work = recordingJob();
    const keeper = keep(a, work.job);
    await keeper.ready;
    expect(work.running()).toEqual([1]);
    expect(keeper.held()).toMatchObject({ name: 'notifications', holder: keeper.holder, fence: 1 });
    await advance(5 * TTL, [a]);
    expect(work.tenures).toEqual([{ fence: 1, stopped: false }]);
    expect((await leases.read('notifications'))?.expiresAt).toBeGreaterThan(world.now);
    await keeper.stop();
    expect(work.tenures).toEqual([{ fence: 1, stopped: true }]);
    expect(await leases.read('notifications')).toMatchObject({ holder: null, fence: 1 });
  });

  it('never runs the job of a second holder while the first holds the lease', async () => {
    const a = processTimers(world);
    const b = processTimers(world);
    const first = recordingJob();
    const second = recordingJob();
    await keep(a, first.job).ready;
    const standby = keep(b, second.job);
    await standby.ready;
    await advance(10 * TTL, [a, b]);
    expect(first.running()).toEqual([1]);
    expect(second.tenures).toEqual([]);
    expect(standby.held()).toBeNull();
  });

  it('is taken over once the holder stops renewing (killed), within its time to live and one turn, under the next number', async () => {
    const a = processTimers(world);
    const b = processTimers(world);
    const first = recordingJob();
    const second = recordingJob();
    await keep(a, first.job).ready;
    await keep(b, second.job).ready;
    await advance(TTL, [a, b]);
    const lastRenewal = world.now;
    // a is gone: its timers never run again.
    await advance(TTL, [b]);
    expect(second.running()).toEqual([2]);
    const row = await leases.read('notifications');
    expect(row).toMatchObject({ fence: 2 });
    expect(row!.takenAt).toBeLessThanOrEqual(lastRenewal + TTL + Math.floor(TTL / 3));
  });

  it('stops the job when its time runs out before a renewal comes back, and when the lease is found taken', async () => {
    const a = processTimers(world);
    const b = processTimers(world);
    const first = recordingJob();
    const second = recordingJob();
    let hang = false;
    const hung: ((error: Error) => void)[] = [];
    const slow: Leases = { ...leases, takeOrRenew: (...args) => (hang ? new Promise((_, reject) => hung.push(reject)) : leases.takeOrRenew(...args)) };
    await keep(a, first.job, { leases: slow }).ready;
    await keep(b, second.job).ready;
    hang = true;
    // a's renewal never answers: its job stops before the lease could expire, b's starts after.
    await advance(TTL - 1_000, [a]);
    expect(first.running()).toEqual([]);
    expect(second.tenures).toEqual([]);
    await advance(TTL, [b]);
    expect(second.running()).toEqual([2]);
    // The renewal answers at last (an error): a's job does not come back.
    for (const reject of hung) reject(new Error('connection timed out'));
    await settle();
    expect(first.tenures).toEqual([{ fence: 1, stopped: true }]);
  });

  it('stops the job at once when a renewal fails, and starts it again once the lease is renewed', async () => {
    const a = processTimers(world);
    const work = recordingJob();
    let fail = false;
    const flaky: Leases = { ...leases, takeOrRenew: (...args) => (fail ? Promise.reject(new Error('database unreachable')) : leases.takeOrRenew(...args)) };
    const lines: string[] = [];
    await keep(a, work.job, { leases: flaky, log: (line) => lines.push(line) }).ready;
    fail = true;
    await advance(TTL / 3, [a]);
    expect(work.running()).toEqual([]);
    fail = false;
    await advance(TTL / 3, [a]);
    expect(work.tenures).toEqual([
      { fence: 1, stopped: true },
      { fence: 1, stopped: false },
    ]);
    expect(lines).toEqual([
      'lease notifications: cannot take or renew it: database unreachable',
      'lease notifications: a renewal failed: stopping its work (fencing number 1)',
      'lease notifications: the database answers again',
    ]);
  });

  it('gives the lease up when its job fails, so that another process does the work', async () => {
    const a = processTimers(world);
    const b = processTimers(world);
    const second = recordingJob();
    await keep(a, async () => {
      throw new Error('cannot reach the mail server');
    }).ready;
    await settle();
    await keep(b, second.job).ready;
    expect(second.running()).toEqual([2]);
  });

  it('refuses to renew less often than the lease lasts', () => {
    expect(() => keepLease({ leases, name: 'x', ttlMs: 1_000, renewEveryMs: 1_000 }, async () => undefined)).toThrow(RangeError);
  });
});
