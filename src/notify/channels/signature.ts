import { createHmac, timingSafeEqual } from 'node:crypto';

// Webhook bodies are signed so the receiver can tell veille's messages from anyone else's:
// HMAC-SHA256 over "<timestamp>.<body>" with the channel's secret. The timestamp is signed too,
// so a captured message cannot be replayed later with a fresh date.

export const SIGNATURE_HEADER = 'x-veille-signature';
export const TIMESTAMP_HEADER = 'x-veille-timestamp';

/** `sha256=<hex>` for a body sent at `timestamp` (Unix seconds). */
export function signBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does: recompute the signature (constant-time compare) and refuse a
 * timestamp further than `toleranceMs` from its own clock.
 */
export function verifySignature(
  secret: string,
  message: { timestamp: string | undefined; signature: string | undefined; body: string },
  check: { now: number; toleranceMs: number },
): boolean {
  if (!message.timestamp || !message.signature || !/^\d{1,12}$/.test(message.timestamp)) return false;
  const timestamp = Number(message.timestamp);
  if (Math.abs(check.now - timestamp * 1000) > check.toleranceMs) return false;
  const expected = Buffer.from(signBody(secret, timestamp, message.body));
  const given = Buffer.from(message.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
