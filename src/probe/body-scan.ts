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

const EMPTY = Buffer.alloc(0);

/**
 * Reads a response body up to `limit` bytes, looking for `needle` (UTF-8 bytes) when given,
 * chunk by chunk as they arrive. The search is on bytes, across chunk boundaries, so no decoding
 * is needed and a multi-byte character split between chunks still matches.
 */
export class BodyScan {
  private total = 0;
  private carry: Buffer = EMPTY;

  constructor(
    private readonly needle: Buffer | null,
    private readonly limit: number,
  ) {}

  /** Takes the next chunk: the outcome once it is known (the expected text seen, the limit reached), else null to read on. */
  push(raw: Uint8Array): BodyOutcome | null {
    const { needle, limit } = this;
    let chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    const over = chunk.length > limit - this.total;
    if (over) chunk = chunk.subarray(0, limit - this.total);
    this.total += chunk.length;
    if (needle) {
      const window = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
      if (window.indexOf(needle) !== -1) return 'found';
      // Keep only what could begin a match completed by the next chunk (copied: the chunk may be large).
      this.carry = needle.length > 1 ? Buffer.from(window.subarray(Math.max(0, window.length - (needle.length - 1)))) : EMPTY;
    }
    if (over) return needle ? 'too_large' : 'truncated';
    return null;
  }

  /** The body ended within the limit. */
  end(): BodyOutcome {
    return this.needle ? 'missing' : 'complete';
  }
}

/**
 * Scans a body given as an iterable of chunks (see BodyScan); leaving the loop early destroys
 * a stream, so the unread rest is never downloaded.
 */
export async function scanBody(body: AsyncIterable<Uint8Array>, needle: Buffer | null, limit: number): Promise<BodyOutcome> {
  const scan = new BodyScan(needle, limit);
  for await (const raw of body) {
    const outcome = scan.push(raw);
    if (outcome) return outcome;
  }
  return scan.end();
}
