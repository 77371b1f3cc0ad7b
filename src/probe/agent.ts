import type { ConnectionOptions } from 'node:tls';
import { Agent, buildConnector } from 'undici';
import type { CertificateLog } from './certificate-log.ts';
import type { ConnectAttempts } from './connect-attempts.ts';

/**
 * Connections kept to one origin at most. Many checks often share an origin; past this many
 * probes in flight to it at once, the others wait for a connection within their own deadline
 * rather than opening more. Unbounded, a thousand probes in flight to one origin opened a
 * thousand connections at once: its listen queue overflowed, connection attempts waited for
 * SYN retransmits (1 s, then 3 s) and probes ended at their deadline as `timeout`, each
 * closing its connection for the next to open again (at 10,000 checks every 10 s against a
 * loopback target, a quarter of the due checks done while the floor, 64 per origin, did all).
 */
export const CONNECTIONS_PER_ORIGIN = 64;

/**
 * The one keep-alive agent all checks share: a connection to a target is reused between
 * probes instead of paying a TCP and TLS handshake every interval. Deadlines are not set here:
 * each probe ends at its own (the check's `timeout`, src/probe/run-probe.ts).
 *
 * undici does not cut a connection attempt short when the request that asked for it is
 * aborted, so a probe abandoned at its deadline leaves its connect (or TLS handshake) running:
 * `connectTimeoutMs` bounds how long such a leftover attempt holds a socket. The prober gives
 * the longest `timeout` of its checks, so no check's own deadline is shortened by it.
 *
 * `attempts` tracks those attempts so that a stopping prober can end them at once.
 *
 * `certificates`: told the certificate of every TLS handshake (expiry watch). `tls`: extra
 * trust (a private CA; tests trust their own self-signed target).
 */
export function createProbeAgent(
  options: { certificates?: CertificateLog; attempts?: ConnectAttempts; tls?: Pick<ConnectionOptions, 'ca'>; connectTimeoutMs?: number; localAddress?: string | undefined } = {},
): Agent {
  // By default longer than any allowed `timeout` (every ≤ 1h): the probe's own deadline comes first.
  let connector = buildConnector({ timeout: options.connectTimeoutMs ?? 3_600_000, ...options.tls });
  if (options.certificates) connector = options.certificates.wrap(connector);
  if (options.attempts) connector = options.attempts.wrap(connector);
  return new Agent({
    connections: CONNECTIONS_PER_ORIGIN,
    // Every connection leaves from this address (a location bound to its own address); undici hands it to the connector.
    ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 5 * 60_000,
    connect: connector,
    headersTimeout: 3_600_000,
    bodyTimeout: 3_600_000,
  });
}
