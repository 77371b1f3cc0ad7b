import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { AdmissionGate } from './admission-gate.ts';
import type { ReadyAnswers } from '../web/ready-answers.ts';

// What the daemon's HTTP server does with each request, before the app sees it: every request
// but the health and metrics probes waits for its turn at the admission gate (reads do not take
// the prober's time when the thread is saturated), then is answered from the app's ready
// answers when one is current (src/web/ready-answers.ts), else by the app.

type Fetch = Parameters<typeof getRequestListener>[0];

export interface ListenerOptions {
  readonly fetch: Fetch;
  /** Absent: every request is answered at once. */
  readonly gate?: AdmissionGate;
  /** The current app's ready answers (a reload brings a new app, and its own). */
  readonly ready?: () => ReadyAnswers | undefined;
}

/** Answered without waiting: what tells an operator (or an orchestrator) how the daemon is doing. */
export function bypassesGate(url: string | undefined): boolean {
  if (url === undefined) return false;
  const path = url.split('?', 1)[0];
  return path === '/healthz' || path === '/metrics';
}

export function createRequestListener(options: ListenerOptions): (incoming: IncomingMessage, outgoing: ServerResponse) => Promise<void> {
  const app = getRequestListener(options.fetch);
  const gate = options.gate;
  return async (incoming, outgoing) => {
    if (gate && !bypassesGate(incoming.url)) {
      const turn = gate.enter();
      if (turn) await turn;
      // A reader that went away while waiting is not answered.
      if (incoming.destroyed || outgoing.destroyed) return;
    }
    const ready = options.ready?.();
    if (ready && (await ready.answer(incoming, outgoing))) return;
    await app(incoming, outgoing);
  };
}
