import type { Socket } from 'node:net';
import type { buildConnector } from 'undici';

export interface ConnectAttempts {
  /** Attempts still connecting or in their TLS handshake. */
  readonly pending: number;
  /** Wraps undici's connector: every attempt is tracked until it connects or fails. */
  wrap(connector: buildConnector.connector): buildConnector.connector;
  /** Ends every attempt still pending (the prober is stopping: nothing waits for them any more). */
  abandonAll(): void;
}

/**
 * The probe agent's connection attempts in progress. undici goes on connecting after the probe
 * that asked for a connection has ended at its deadline, and closing the agent does not end an
 * attempt it has not got a socket from yet: a dead host's attempt would keep a stopping process
 * alive until the kernel or the connect timeout gave up on it.
 */
export function createConnectAttempts(): ConnectAttempts {
  const pending = new Set<Socket>();
  return {
    get pending() {
      return pending.size;
    },
    wrap: (connector) => (options, callback) => {
      let settled = false;
      // undici's own connector returns the socket it opens (its type says void): without it,
      // nothing is tracked and attempts end at the connect timeout as before.
      const socket = connector(options, (...args) => {
        settled = true;
        if (socket) pending.delete(socket);
        callback(...args);
      }) as unknown as Socket | undefined;
      if (!settled && socket) {
        pending.add(socket);
        socket.once('close', () => pending.delete(socket));
      }
      return socket as unknown as void;
    },
    abandonAll() {
      for (const socket of pending) socket.destroy(new Error('the prober is stopping'));
      pending.clear();
    },
  };
}
