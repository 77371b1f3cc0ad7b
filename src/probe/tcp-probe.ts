import { connect } from 'node:net';
import type { CheckConfig } from '../config/types.ts';
import type { ProbeContext, Verdict } from './types.ts';

/** A `tcp://host:port` check: up when a connection is accepted; nothing is sent. */
export function tcpProbe(check: CheckConfig, { signal, localAddress }: ProbeContext): Promise<Verdict> {
  const url = new URL(check.url);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const socket = connect({ host, port: Number(url.port), ...(localAddress ? { localAddress } : {}) });
    const onAbort = () => socket.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve({ ok: true });
    });
    socket.once('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(error);
    });
  });
}
