import { Agent } from 'undici';

/**
 * The one keep-alive agent all checks share: a connection to a target is reused between
 * probes instead of paying a TCP and TLS handshake every interval. Deadlines are not set here:
 * each probe carries its own abort signal (the check's `timeout`), which covers connecting,
 * waiting for headers and reading the body alike.
 */
export function createProbeAgent(): Agent {
  return new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 5 * 60_000,
    // Longer than any allowed `timeout` (every ≤ 1h): the probe's own signal fires first.
    connect: { timeout: 3_600_000 },
    headersTimeout: 3_600_000,
    bodyTimeout: 3_600_000,
  });
}
