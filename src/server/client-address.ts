import { isIP, isIPv6 } from 'node:net';
import type { Context } from 'hono';

/**
 * The address a request came from, as a key for per-client limits: the socket's peer, or, when
 * that peer is one of `trustedProxies` (http.trustedProxies in the configuration), the nearest
 * address in X-Forwarded-For that is not a trusted proxy. From any other peer the header is
 * ignored: any client can write it. An IPv6 client is keyed by its /64, the block a single host
 * is usually given, so that it cannot escape a limit by changing its interface id. Requests made
 * in-process (tests' app.request without a socket) share the key "local".
 */
export function clientAddress(c: Context, trustedProxies: readonly string[] = []): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } }; server?: { incoming?: { socket?: { remoteAddress?: string } } } } | undefined;
  const peer = (env?.server ?? env)?.incoming?.socket?.remoteAddress;
  if (!peer) return 'local';
  let address = unmapped(peer);
  if (trustedProxies.length > 0 && trustedProxies.includes(address)) {
    const forwarded = (c.req.header('x-forwarded-for') ?? '').split(',').map((hop) => unmapped(hop.trim()));
    for (let i = forwarded.length - 1; i >= 0; i--) {
      const hop = forwarded[i]!;
      if (isIP(hop) === 0) break;
      address = hop;
      if (!trustedProxies.includes(hop)) break;
    }
  }
  return isIPv6(address) ? `${expandIPv6(address).slice(0, 4).join(':')}::/64` : address;
}

/** An IPv4 address as IPv6 writes it (::ffff:a.b.c.d) is the IPv4 address. */
function unmapped(address: string): string {
  return /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address;
}

/** The eight 16-bit groups of an IPv6 address, '::' expanded (a zone id is dropped). */
function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''));
}
