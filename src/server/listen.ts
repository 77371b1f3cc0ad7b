import { createServer, type Server } from 'node:http';
import { createAdmissionGate } from './admission-gate.ts';
import { createRequestListener, type ListenerOptions } from './request-listener.ts';

// The daemon's HTTP server: the app behind the admission gate (admission-gate.ts), which reads
// the thread's busy share and whether the prober is behind.

/** What the gate reads of the current prober. */
export interface ProberLoad {
  readonly skippedOverlap: number;
  readonly missedTurns: number;
  /** Probes that started late after their turn, so far. */
  readonly lateStarts: number;
}

export interface ServedApp {
  readonly fetch: ListenerOptions['fetch'];
  /** The current app's ready answers. */
  readonly ready?: ListenerOptions['ready'];
  /** The current prober's load; absent (or undefined) without a prober. */
  readonly prober?: () => ProberLoad | undefined;
}

export function listen(served: ServedApp, port: number, hostname: string): Promise<Server> {
  const gate = createAdmissionGate({ proberBehind: proberBehind(served.prober ?? (() => undefined)) });
  const server = createServer(createRequestListener({ fetch: served.fetch, gate, ...(served.ready ? { ready: served.ready } : {}) }));
  server.once('close', () => gate.stop());
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/**
 * Whether the prober is behind: probes started late, turns skipped or missed since the last call
 * (a reload starts a new prober, its counters at 0). A queue of due probes longer than the slots
 * is no sign of it: at thousands of checks a second each 100 ms slot makes more probes due at
 * once than there are slots, and they all start within it.
 */
export function proberBehind(load: () => ProberLoad | undefined): () => boolean {
  let seen = 0;
  return () => {
    const now = load();
    const count = now ? now.skippedOverlap + now.missedTurns + now.lateStarts : 0;
    const moved = count > seen;
    seen = count;
    return moved;
  };
}
