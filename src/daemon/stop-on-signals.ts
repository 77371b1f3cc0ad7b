// How a running daemon is asked to stop: SIGTERM (service managers, container runtimes) or
// SIGINT (Ctrl-C), and, when npm started it, npm going away. A stop never takes longer than
// its bound (the longest check timeout), and asking again ends the process at once.

import type { Config } from '../config/types.ts';
import type { Timers } from '../schedule/timers.ts';

const PARENT_POLL_MS = 500;

// Ctrl-C under `npm start` delivers SIGINT twice within milliseconds (the terminal to the whole
// process group, and npm's forward): a repeat this soon is the same request, not a second one.
const SAME_REQUEST_MS = 1_000;

// The final write may wait this long for another writer (the database's busy_timeout).
const MIN_STOP_BOUND_MS = 5_000;

export interface Stoppable {
  stop(): Promise<void>;
}

/** What `stopOnSignals` needs of the process (the real one, or a test's stand-in). */
export interface SignalTarget {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
}

export interface StopOnSignalsOptions {
  /** How long the clean stop may take: past it the process exits with code 1. */
  readonly boundMs?: () => number;
  /** Ends the process at once (`process.exit`). */
  readonly exit?: (code: number) => void;
  readonly log?: (line: string) => void;
  readonly error?: (reason: unknown) => void;
  readonly signals?: SignalTarget;
  /** Timers for the bound, and monotonic time (`now`) to tell a repeated signal from a second request. */
  readonly timers?: Pick<Timers, 'now' | 'setTimeout' | 'clearTimeout'>;
  /** Whether npm started the daemon (watch for npm going away); by default from npm's environment. */
  readonly startedByNpm?: boolean;
}

// 128 + the signal's number, as a shell reports a process a signal ended.
const FORCED_EXIT_CODE: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

const realTimers = {
  now: () => performance.now(),
  setTimeout: (callback: () => void, ms: number): unknown => setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Resolves once `daemon` has stopped after SIGTERM or SIGINT.
 *
 * The first request starts the clean stop (probes cut short, results written, socket and
 * database closed). It is bounded: a stop still running after `boundMs` (something it waits on
 * hangs) ends the process with code 1, and a second SIGTERM or SIGINT ends it at once, so an
 * operator or a service manager asking to stop is never ignored. The handlers stay installed
 * until the end: a signal with no handler would kill the process by default in the middle of
 * writing its results, so the duplicate SIGINT of a Ctrl-C under npm is recognised and ignored.
 *
 * Under npm (`npm start`, `npx veille start`, any npm script), the daemon also stops when the
 * process that started it goes away. npm passes signals only to the shell it runs a script in;
 * `npm start` replaces that shell with the daemon (`exec`), but npx cannot, and its shell dies on
 * SIGTERM without passing it on: the daemon, reparented, sees its parent change.
 */
export function stopOnSignals(daemon: Stoppable, options: StopOnSignalsOptions = {}): Promise<void> {
  const signals = options.signals ?? process;
  const timers = options.timers ?? realTimers;
  const log = options.log ?? ((line: string) => console.log(line));
  const error = options.error ?? ((reason: unknown) => console.error(reason));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  return new Promise<void>((resolve) => {
    let requestedAt: number | null = null;
    const parent = process.ppid;
    const stop = (why: string) => {
      if (watch) clearInterval(watch);
      requestedAt = timers.now();
      const boundMs = options.boundMs?.() ?? null;
      log(`${why}: stopping, flushing results…${boundMs === null ? '' : ` (at most ${boundMs} ms; SIGTERM or SIGINT again to exit now)`}`);
      const overdue =
        boundMs === null
          ? null
          : timers.setTimeout(() => {
              log(`stop did not finish within ${boundMs} ms: exiting`);
              exit(1);
            }, boundMs);
      daemon
        .stop()
        .catch(error)
        .finally(() => {
          if (overdue !== null) timers.clearTimeout(overdue);
          // Stopped: whatever still holds the event loop open (a socket nobody waits for) may
          // not keep the process alive past the bound. Unreferenced, it never delays an exit.
          if (boundMs !== null) (timers.setTimeout(() => exit(0), boundMs) as { unref?: () => void }).unref?.();
          resolve();
        });
    };
    const onSignal = (signal: NodeJS.Signals) => {
      if (requestedAt === null) return stop(signal);
      if (timers.now() - requestedAt < SAME_REQUEST_MS) return;
      log(`${signal} again: exiting now, without waiting for the stop to finish`);
      exit(FORCED_EXIT_CODE[signal] ?? 1);
    };
    const watch =
      (options.startedByNpm ?? startedByNpm())
        ? setInterval(() => {
            if (process.ppid !== parent && requestedAt === null) stop(`npm (pid ${parent}) is gone`);
          }, PARENT_POLL_MS)
        : null;
    watch?.unref();
    signals.on('SIGTERM', () => onSignal('SIGTERM'));
    signals.on('SIGINT', () => onSignal('SIGINT'));
  });
}

/** How long a clean stop may take: the longest check timeout, and never less than the final write's wait. */
export function stopBoundMs(config: Config): number {
  return Math.max(MIN_STOP_BOUND_MS, ...config.environments.flatMap((environment) => environment.checks.map((check) => check.timeoutMs)));
}

/** npm sets npm_lifecycle_event for every script it runs and for npx ("npx"). */
function startedByNpm(): boolean {
  return process.env.npm_lifecycle_event !== undefined;
}
