import type { Config } from '../config/types.ts';
import { keepLease, untilAborted, type KeptLease, type LeasedJob } from '../lease/lease-keeper.ts';
import type { Leases } from '../lease/lease-store.ts';
import { DEFAULT_TIMING, type Notifier, type NotifierTiming } from '../notify/notifier-service.ts';
import { closeOutagesOfRemovedChecks } from '../prober/close-removed-checks.ts';
import { runQuorumWork } from '../locations/quorum-work.ts';
import { startRetention } from '../retention/retention-job.ts';
import type { Store } from '../store/store.ts';

/** How long a lease of the daemon's once-only work lasts without renewal: a killed holder's work waits at most this (and a turn) for another process. */
export const WORK_LEASE_TTL_MS = 30_000;

/** The leases of the work that must be done by one process at a time. */
export const WORK_LEASES = ['notifications', 'alerts', 'retention', 'removed-checks', 'quorum'] as const;

export interface OnceOnlyWorkDeps {
  /** The database, SQLite or PostgreSQL. */
  readonly store: Store;
  readonly leases: Leases;
  /** This process, as it holds leases (`host:pid:random`). */
  readonly holder: string;
  /** The configuration and notifier in force now (a reload replaces them). */
  readonly runtime: () => { readonly config: Config; readonly notifier: Notifier };
  readonly clock: () => number;
  readonly timing?: NotifierTiming;
  readonly ttlMs?: number;
  readonly log?: (line: string) => void;
}

export interface OnceOnlyWork {
  /** Settles once every lease was asked for once (and the work of those taken started). */
  readonly ready: Promise<void>;
  /** The leases this process holds now. */
  held(): string[];
  /** After a reload: closes the outages of the checks the new configuration removed, if this process holds that lease; settles once done. */
  configurationChanged(): Promise<void>;
  /** Stops every job, then releases the leases. */
  stop(): Promise<void>;
}

/**
 * The daemon's work that must happen once, whichever processes run: sending notifications,
 * scanning for deadline, budget and reminder alerts, retention, closing the outages of
 * checks the configuration no longer has, and the quorum of locations. Each runs under a lease of its own (src/lease), only
 * while this process holds it; another process takes the lease over when this one dies. With
 * one daemon on a SQLite file it always holds them all, and the work runs as it always did.
 */
export function startOnceOnlyWork(deps: OnceOnlyWorkDeps): OnceOnlyWork {
  const timing = deps.timing ?? DEFAULT_TIMING;
  const log = deps.log ?? ((line: string) => console.error(line));
  const closeRemoved = async () => {
    const { config, notifier } = deps.runtime();
    try {
      await closeOutagesOfRemovedChecks(deps.store, config, deps.clock(), notifier.events);
    } catch (error) {
      log(`closing the outages of removed checks failed: ${(error as Error).message}`);
    }
  };
  const jobs: Record<(typeof WORK_LEASES)[number], LeasedJob> = {
    // Each run carries the lease: it sends nothing once the lease is lost, and records only under its fencing number.
    notifications: async (lease, signal) => {
      let inFlight: Promise<void> = Promise.resolve();
      const timer = setInterval(() => (inFlight = deps.runtime().notifier.deliverOnce({ leases: deps.leases, lease, signal })), timing.deliverEveryMs);
      timer.unref();
      await untilAborted(signal);
      clearInterval(timer);
      await inFlight;
    },
    alerts: async (_lease, signal) => {
      // A scan still running when the next is due is not doubled: the next waits for its turn after.
      let inFlight: Promise<void> | null = null;
      const timer = setInterval(() => {
        inFlight ??= deps.runtime().notifier.scanOnce().finally(() => (inFlight = null));
      }, timing.scanEveryMs);
      timer.unref();
      await untilAborted(signal);
      clearInterval(timer);
      await inFlight;
    },
    retention: async (_lease, signal) => {
      const retention = startRetention({ store: deps.store, config: () => deps.runtime().config, clock: deps.clock });
      await untilAborted(signal);
      await retention.stop();
    },
    // At once when taken (before `ready` settles), and after each reload while held.
    'removed-checks': async (_lease, signal) => {
      await closeRemoved();
      await untilAborted(signal);
    },
    // The check's outages decided from its locations' timelines (docs/locations.md); idle without configured locations.
    quorum: (lease, signal) =>
      runQuorumWork({ store: deps.store, leases: deps.leases, clock: deps.clock, log, runtime: () => ({ config: deps.runtime().config, notices: deps.runtime().notifier.events }) }, lease, signal),
  };
  const kept: [string, KeptLease][] = WORK_LEASES.map((name) => [
    name,
    keepLease({ leases: deps.leases, name, holder: deps.holder, ttlMs: deps.ttlMs ?? WORK_LEASE_TTL_MS, log }, jobs[name]),
  ]);
  const byName = new Map(kept);
  return {
    ready: Promise.all(kept.map(([, keeper]) => keeper.ready)).then(() => undefined),
    held: () => kept.filter(([, keeper]) => keeper.held() !== null).map(([name]) => name),
    async configurationChanged() {
      if (byName.get('removed-checks')!.held()) await closeRemoved();
    },
    async stop() {
      await Promise.all(kept.map(([, keeper]) => keeper.stop()));
    },
  };
}
