import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import { sourceAddressOf } from '../config/source-address.ts';
import type { Config } from '../config/types.ts';

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

/** An address the configuration gives a location that this host does not have: why, and the key naming it. */
export interface ConfiguredAddressRefusal {
  /** `probe.sourceAddress`, or `probe.sourceAddress.NAME` in a map by location. */
  readonly key: string;
  readonly address: string;
  /** The error binding to it gave (EADDRNOTAVAIL). */
  readonly reason: string;
}

/**
 * The refusal of the address the configuration gives `location` (`probe.sourceAddress`), or
 * null when it gives none or this host has it: asked at start and at each reload alike.
 */
export async function configuredAddressRefusal(config: Pick<Config, 'probe'>, location: string): Promise<ConfiguredAddressRefusal | null> {
  const address = sourceAddressOf(config, location);
  const reason = address === undefined ? null : await localAddressRefusal(address);
  if (address === undefined || reason === null) return null;
  return { key: typeof config.probe.sourceAddress === 'string' ? 'probe.sourceAddress' : `probe.sourceAddress.${location}`, address, reason };
}
