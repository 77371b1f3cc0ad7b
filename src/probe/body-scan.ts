export type BodyOutcome =
  /** The expected text was seen (reading stopped there). */
  | 'found'
  /** The body ended within the limit without the expected text. */
  | 'missing'
  /** The limit was reached without the expected text. */
  | 'too_large'
  /** No text expected: the body ended within the limit. */
  | 'complete'
  /** No text expected: the limit was reached and the rest is left unread. */
  | 'truncated';

/**
 * Reads a response body up to `limit` bytes, looking for `needle` (UTF-8 bytes) when given.
 * Stops at the first sight of it or at the limit; leaving the loop early destroys the stream,
 * so the unread rest is never downloaded. The search is on bytes, across chunk boundaries, so
 * no decoding is needed and a multi-byte character split between chunks still matches.
 */
export async function scanBody(body: AsyncIterable<Uint8Array>, needle: Buffer | null, limit: number): Promise<BodyOutcome> {
  let total = 0;
  let carry: Buffer = Buffer.alloc(0);
  for await (const raw of body) {
    let chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    const over = chunk.length > limit - total;
    if (over) chunk = chunk.subarray(0, limit - total);
    total += chunk.length;
    if (needle) {
      const window = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      if (window.indexOf(needle) !== -1) return 'found';
      // Keep only what could begin a match completed by the next chunk (copied: the chunk may be large).
      carry = Buffer.from(window.subarray(Math.max(0, window.length - (needle.length - 1))));
    }
    if (over) return needle ? 'too_large' : 'truncated';
  }
  return needle ? 'missing' : 'complete';
}
