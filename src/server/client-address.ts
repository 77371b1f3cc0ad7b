import { isIPv6 } from 'node:net';
import type { Context } from 'hono';

/**
 * The address a request came from, as a key for per-client limits: the socket's peer (never a
 * forwarded header, which any client can write). An IPv6 client is keyed by its /64, the block a
 * single host is usually given, so that it cannot escape a limit by changing its interface id.
 * Requests made in-process (tests' app.request without a socket) share the key "local".
 */
export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } }; server?: { incoming?: { socket?: { remoteAddress?: string } } } } | undefined;
  const address = (env?.server ?? env)?.incoming?.socket?.remoteAddress;
  if (!address) return 'local';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  return isIPv6(address) ? `${expandIPv6(address).slice(0, 4).join(':')}::/64` : address;
}

/** The eight 16-bit groups of an IPv6 address, '::' expanded (a zone id is dropped). */
function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''));
}
