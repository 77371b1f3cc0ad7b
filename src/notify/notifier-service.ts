import type { Calendars } from '../config/calendars.ts';
import type { Config } from '../config/types.ts';
import type { Store } from '../store/store.ts';
import { scanAlerts } from './alert-scan.ts';
import { closeSenders, createSenders } from './channels/index.ts';
import { createDeliveryWorker, type DeliveryFence, type DeliveryWorker } from './delivery-worker.ts';
import { createNotificationEvents, type NotificationEvents } from './events.ts';

export interface NotifierDeps {
  /** The database, SQLite or PostgreSQL: the outbox's sending and the alert scans go through it. */
  readonly store: Store;
  readonly config: Config;
  readonly calendars: Calendars;
  readonly clock: () => number;
  readonly log?: (message: string) => void;
}

export interface NotifierTiming {
  /** How often the outbox is looked at; retries wait their own backoff on top. */
  readonly deliverEveryMs: number;
  /** How often deadlines, budgets and reminders are looked for. */
  readonly scanEveryMs: number;
  /** Longest wait for one receiver. */
  readonly timeoutMs: number;
}

export const DEFAULT_TIMING: NotifierTiming = { deliverEveryMs: 5_000, scanEveryMs: 60_000, timeoutMs: 10_000 };

export interface Notifier {
  readonly events: NotificationEvents;
  readonly worker: DeliveryWorker;
  /**
   * Sends what the outbox holds that is due (one delivery run); a failure is logged, never thrown.
   * Under `fence` (the notifications lease), the run stops once the lease is lost (delivery-worker.ts).
   */
  deliverOnce(fence?: DeliveryFence): Promise<void>;
  /** Looks for deadlines, budgets and reminders to alert on; a failure is logged, never thrown. */
  scanOnce(): Promise<void>;
  /** Starts no further delivery run, waits for every one and the scan in progress, then closes the senders' connections. */
  stop(): Promise<void>;
}

/**
 * The daemon's notification service: the event sink for other areas, and one delivery run or
 * one scan when asked. It keeps no timer of its own: the daemon runs `deliverOnce` and
 * `scanOnce` only while it holds their lease (src/daemon/once-only-work.ts), and a delivery run
 * stops, with nothing more recorded, as soon as that lease is lost.
 */
export function startNotifier(deps: NotifierDeps, timing: Pick<NotifierTiming, 'timeoutMs'> = DEFAULT_TIMING): Notifier {
  const log = deps.log ?? ((message: string) => console.error(message));
  const senderOptions = { timeoutMs: timing.timeoutMs, clock: deps.clock };
  // One set of connections per lane (lanes.ts): public mail never queues behind, nor in front of, a formal notice.
  const senders = createSenders(deps.config.notifications, senderOptions);
  const publicSenders = createSenders(deps.config.notifications, senderOptions);
  const worker = createDeliveryWorker({ store: deps.store, config: deps.config, senders, publicSenders, clock: deps.clock, log });
  const events = createNotificationEvents({ config: deps.config, calendars: deps.calendars, log });
  // Every delivery run not yet settled: stopping waits for all of them before closing the connections they send on.
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  const deliverOnce = (fence?: DeliveryFence): Promise<void> => {
    // Stopping (a reload replacing it, a shutdown): no new run; the next notifier sends what waits.
    if (stopping) return Promise.resolve();
    const run = worker.runOnce(undefined, fence).then(
      () => undefined,
      (error: unknown) => log(`notifications: delivery run failed: ${(error as Error).message}`),
    );
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
    return run;
  };
  let scanning: Promise<void> = Promise.resolve();
  const scanOnce = () => {
    const run = Promise.resolve()
      .then(() => scanAlerts(deps, deps.clock()))
      .then(
        () => undefined,
        (error: unknown) => log(`notifications: scan failed: ${(error as Error).message}`),
      );
    scanning = run;
    return run;
  };

  return {
    events,
    worker,
    deliverOnce,
    scanOnce,
    async stop() {
      stopping = true;
      await Promise.all(inFlight);
      await scanning;
      closeSenders(senders);
      closeSenders(publicSenders);
    },
  };
}
