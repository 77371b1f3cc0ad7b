import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';

/**
 * Why probes could not leave from this local address, found by binding a socket to it
 * (EADDRNOTAVAIL: this host has no such address), or null when they can. Asked before a prober
 * is given the address: otherwise every probe of its location fails at once, and the location
 * looks impaired when it is only misconfigured.
 */
export function localAddressRefusal(address: string): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = createSocket(isIP(address) === 6 ? 'udp6' : 'udp4');
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.close();
      resolve(error.code ?? error.message);
    });
    socket.bind({ address, port: 0 }, () => socket.close(() => resolve(null)));
  });
}
