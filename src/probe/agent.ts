import type { ConnectionOptions } from 'node:tls';
import { Agent, buildConnector } from 'undici';
import type { CertificateLog } from './certificate-log.ts';

/**
 * The one keep-alive agent all checks share: a connection to a target is reused between
 * probes instead of paying a TCP and TLS handshake every interval. Deadlines are not set here:
 * each probe carries its own abort signal (the check's `timeout`), which covers connecting,
 * waiting for headers and reading the body alike.
 *
 * `certificates`: told the certificate of every TLS handshake (expiry watch). `tls`: extra
 * trust (a private CA; tests trust their own self-signed target).
 */
export function createProbeAgent(options: { certificates?: CertificateLog; tls?: Pick<ConnectionOptions, 'ca'> } = {}): Agent {
  // Longer than any allowed `timeout` (every ≤ 1h): the probe's own signal fires first.
  const connector = buildConnector({ timeout: 3_600_000, ...options.tls });
  return new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 5 * 60_000,
    connect: options.certificates ? options.certificates.wrap(connector) : connector,
    headersTimeout: 3_600_000,
    bodyTimeout: 3_600_000,
  });
}
