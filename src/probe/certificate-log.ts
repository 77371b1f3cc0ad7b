import type { TLSSocket } from 'node:tls';
import { buildConnector } from 'undici';

/** The notAfter (epoch ms) of the certificate last presented by an origin, or null if none seen. */
export type CertificateLookup = (origin: string) => number | null;

export interface CertificateLog {
  readonly notAfter: CertificateLookup;
  /** Wraps undici's connector: every completed TLS handshake records its peer's notAfter by origin. */
  wrap(connector: buildConnector.connector): buildConnector.connector;
}

/**
 * What the probe agent's TLS handshakes saw, by origin (`https://host:port`). Read from the
 * socket once per connection, at handshake time: a kept-alive connection presents the same
 * certificate to every probe that reuses it, so nothing is paid per request.
 */
export function createCertificateLog(): CertificateLog {
  const byOrigin = new Map<string, number>();
  return {
    notAfter: (origin) => byOrigin.get(origin) ?? null,
    wrap: (connector) => (options, callback) =>
      connector(options, (...args) => {
        const [error, socket] = args;
        if (!error && options.protocol === 'https:') {
          const validTo = (socket as TLSSocket).getPeerCertificate?.()?.valid_to;
          const notAfter = validTo ? Date.parse(validTo) : Number.NaN;
          if (Number.isFinite(notAfter)) byOrigin.set(`https://${options.host ?? hostPort(options.hostname, options.port)}`, notAfter);
        }
        callback(...args);
      }),
  };
}

function hostPort(hostname: string, port: string): string {
  return port && port !== '443' ? `${hostname}:${port}` : hostname;
}
