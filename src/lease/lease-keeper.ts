import { realTimers, type Timers } from '../schedule/timers.ts';
import { newHolderId } from './holder-id.ts';
import type { HeldLease, Leases } from './lease-store.ts';

/**
 * Work that must be done by one process at a time. It starts when the lease is taken and runs
 * until `signal` aborts (the lease lost, a renewal failed, the keeper stopped); it then winds
 * down and resolves. Effects that must never be written by a former holder are written in a
 * transaction that asks `Leases.stillHeld` first.
 */
export type LeasedJob = (lease: HeldLease, signal: AbortSignal) => Promise<void>;

export interface LeaseKeeperOptions {
  readonly leases: Leases;
  readonly name: string;
  /** Who this process is (`host:pid:random`); a new one by default. */
  readonly holder?: string;
  readonly ttlMs: number;
  /** How often the lease is renewed while held, and asked for while not: a third of its time to live by default. */
  readonly renewEveryMs?: number;
  /** Monotonic time and timers (real ones unless a test drives them). */
  readonly timers?: Pick<Timers, 'now' | 'setTimeout' | 'clearTimeout'>;
  readonly log?: (line: string) => void;
}

export interface KeptLease {
  readonly holder: string;
  /** Settles once the lease was asked for the first time (and the job started, if it was taken). */
  readonly ready: Promise<void>;
  /** The lease while this process holds it and its job runs; null otherwise. */
  held(): HeldLease | null;
  /** Stops asking, stops the job and waits for it, then releases the lease so another may take it at once. */
  stop(): Promise<void>;
}

/**
 * Keeps the named lease and runs `job` only while holding it. The lease is renewed every
 * `renewEveryMs` (a fraction of its time to live, so that a renewal or two may fail before it
 * expires); another process asks as often, and takes it once it has expired. The job is stopped
 * at once when a renewal fails (the database cannot say who holds it), when the lease is found in
 * another's hands, or when its time runs out on this process's monotonic clock before a renewal
 * came back: counted from before the renewal was asked, that is never later than the expiry the
 * database stamped, whatever the hosts' clocks say.
 */
export function keepLease(options: LeaseKeeperOptions, job: LeasedJob): KeptLease {
  const { leases, name, ttlMs } = options;
  const holder = options.holder ?? newHolderId();
  const renewEveryMs = options.renewEveryMs ?? Math.max(1, Math.floor(ttlMs / 3));
  if (!(renewEveryMs < ttlMs)) throw new RangeError(`lease ${name}: renewing every ${renewEveryMs} ms would let it expire (it lasts ${ttlMs} ms)`);
  // Stop the job a little before the lease can expire: winding down takes a moment.
  const marginMs = Math.min(Math.floor(ttlMs / 10), 1_000);
  const timers = options.timers ?? realTimers;
  const log = options.log ?? ((line: string) => console.error(line));

  let stopped = false;
  let next: unknown = null;
  let deadline: unknown = null;
  let running: { lease: HeldLease; controller: AbortController; done: Promise<void> } | null = null;
  let attempt: Promise<void> = Promise.resolve();
  let failing = false;

  const later = (callback: () => void, ms: number) => {
    const handle = timers.setTimeout(callback, ms);
    (handle as { unref?: () => void } | null)?.unref?.();
    return handle;
  };

  const stopJob = async (why: string | null): Promise<void> => {
    if (deadline !== null) timers.clearTimeout(deadline);
    deadline = null;
    const job = running;
    if (!job) return;
    running = null;
    if (why) log(`lease ${name}: ${why}: stopping its work (fencing number ${job.lease.fence})`);
    job.controller.abort();
    await job.done;
  };

  const startJob = (lease: HeldLease) => {
    const controller = new AbortController();
    const current = { lease, controller, done: Promise.resolve() };
    current.done = job(lease, controller.signal).then(
      () => undefined,
      async (error: unknown) => {
        log(`lease ${name}: its work failed: ${(error as Error)?.message ?? String(error)}`);
        // Let another process (or this one, at its next turn) do the work instead.
        if (running === current) {
          running = null;
          if (deadline !== null) timers.clearTimeout(deadline);
          deadline = null;
          await leases.release(name, holder).catch(() => false);
        }
      },
    );
    running = current;
  };

  const turn = async () => {
    if (stopped) return;
    const askedAt = timers.now();
    try {
      const outcome = await leases.takeOrRenew(name, holder, ttlMs);
      if (failing) log(`lease ${name}: the database answers again`);
      failing = false;
      if (stopped) return;
      if (!outcome.taken) {
        await stopJob(running ? `taken by ${outcome.holder ?? 'nobody'}` : null);
      } else {
        if (running && running.lease.fence !== outcome.lease.fence) await stopJob('held again under another fencing number');
        if (deadline !== null) timers.clearTimeout(deadline);
        const left = askedAt + ttlMs - marginMs - timers.now();
        deadline = later(() => void stopJob('its time ran out before a renewal came back'), Math.max(0, left));
        if (!running) startJob(outcome.lease);
      }
    } catch (error) {
      if (!failing) log(`lease ${name}: cannot take or renew it: ${(error as Error)?.message ?? String(error)}`);
      failing = true;
      await stopJob(running ? 'a renewal failed' : null);
    }
  };

  const cycle = () => {
    next = null;
    attempt = turn().finally(() => {
      if (!stopped) next = later(cycle, renewEveryMs);
    });
  };
  cycle();

  return {
    holder,
    ready: attempt,
    held: () => running?.lease ?? null,
    async stop() {
      stopped = true;
      if (next !== null) timers.clearTimeout(next);
      // The job first: it must not outlive the decision to stop, whatever the database does.
      await stopJob(null);
      await attempt;
      // Released whether or not this process believed it held it: a take in flight may have
      // succeeded. Releasing a lease another holds changes nothing.
      await leases.release(name, holder).catch((error: unknown) => log(`lease ${name}: could not release it: ${(error as Error).message}`));
    },
  };
}

/** Resolves when `signal` aborts: for a job that runs timers until its lease is lost. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
