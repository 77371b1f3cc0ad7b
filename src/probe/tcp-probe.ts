import { connect } from 'node:net';
import type { CheckConfig } from '../config/types.ts';
import type { ProbeContext, Verdict } from './types.ts';

/** A `tcp://host:port` check: up when a connection is accepted; nothing is sent. */
export function tcpProbe(check: CheckConfig, { abort, localAddress }: ProbeContext): Promise<Verdict> {
  const url = new URL(check.url);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve, reject) => {
    if (abort.reason) return reject(abort.reason);
    const socket = connect({ host, port: Number(url.port), ...(localAddress ? { localAddress } : {}) });
    const onAbort = (reason: Error) => socket.destroy(reason);
    abort.listen(onAbort);
    socket.once('connect', () => {
      abort.unlisten(onAbort);
      socket.destroy();
      resolve({ ok: true });
    });
    socket.once('error', (error) => {
      abort.unlisten(onAbort);
      socket.destroy();
      reject(error);
    });
  });
}
