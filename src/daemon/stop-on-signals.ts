// How a running daemon is asked to stop: SIGTERM (service managers, container runtimes) or
// SIGINT (Ctrl-C), and, when npm started it, npm going away.

const PARENT_POLL_MS = 500;

export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Resolves once `daemon` has stopped after SIGTERM or SIGINT.
 *
 * The handlers stay installed until the end: Ctrl-C under `npm start` delivers SIGINT twice (the
 * terminal sends it to the whole process group, and npm forwards its own), and a second signal
 * with no handler would kill the process by default in the middle of writing its results.
 *
 * Under npm (`npm start`, `npx veille start`, any npm script), the daemon also stops when the
 * process that started it goes away. npm passes signals only to the shell it runs a script in;
 * `npm start` replaces that shell with the daemon (`exec`), but npx cannot, and its shell dies on
 * SIGTERM without passing it on: the daemon, reparented, sees its parent change.
 */
export function stopOnSignals(daemon: Stoppable, log: (line: string) => void = console.log, error: (e: unknown) => void = console.error): Promise<void> {
  return new Promise<void>((resolve) => {
    let stopping = false;
    const parent = process.ppid;
    const stop = (why: string) => {
      if (stopping) return;
      stopping = true;
      if (watch) clearInterval(watch);
      log(`${why}: stopping, flushing results…`);
      daemon.stop().then(resolve, (reason: unknown) => {
        error(reason);
        resolve();
      });
    };
    const watch = startedByNpm()
      ? setInterval(() => {
          if (process.ppid !== parent) stop(`npm (pid ${parent}) is gone`);
        }, PARENT_POLL_MS)
      : null;
    watch?.unref();
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
}

/** npm sets npm_lifecycle_event for every script it runs and for npx ("npx"). */
function startedByNpm(): boolean {
  return process.env.npm_lifecycle_event !== undefined;
}
