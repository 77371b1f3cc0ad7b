import type { ConnectionOptions } from 'node:tls';
import { Agent, buildConnector } from 'undici';
import type { CertificateLog } from './certificate-log.ts';
import type { ConnectAttempts } from './connect-attempts.ts';

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
    // Every connection leaves from this address (a location bound to its own address); undici hands it to the connector.
    ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 5 * 60_000,
    connect: connector,
    headersTimeout: 3_600_000,
    bodyTimeout: 3_600_000,
  });
}
