import type { Context } from 'hono';
import type { CachedSnapshot, SnapshotCache } from '../cache/snapshot-cache.ts';
import { compress, type ContentEncoding } from './compression.ts';
import { CACHED_ANSWER, type CachedAnswerMark } from './ready-answers.ts';

// A public document rendered once per snapshot and reader variant, and compressed once too
// (compression.ts): a request only picks the bytes. A snapshot built in the background may
// bring them ready (public-documents.ts).

type Encoding = ContentEncoding | 'identity';

/** The best encoding the client accepts (q=0 refuses one). */
export function chooseEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  const accepted = new Set(
    header
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => q === undefined || !/^\s*q=0(\.0*)?\s*$/.test(q))
      .map(([name]) => name!.trim().toLowerCase()),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return 'identity';
}

export function sendCached<T>(
  c: Context,
  cached: CachedSnapshot<T>,
  input: {
    key: string;
    contentType: string;
    cacheControl: string;
    render: (value: T) => string;
    /** The request headers the document depends on (besides Accept-Encoding). */
    vary?: string;
    /**
     * The cache `cached` came from: the answer may then be kept and given again, before the app,
     * to the same request while that snapshot is current (ready-answers.ts).
     */
    from?: SnapshotCache<T>;
  },
): Response {
  const ready = (body: string | Uint8Array | null) => {
    if (input.from) c.set(CACHED_ANSWER, { snapshots: input.from, tag: cached.tag, body } satisfies CachedAnswerMark);
  };
  const etag = `"${cached.tag}-${input.key.replace(/[^\w.:-]/g, '_')}"`;
  c.header('Cache-Control', input.cacheControl);
  c.header('ETag', etag);
  c.header('Vary', `${input.vary ?? 'Accept-Language, Cookie'}, Accept-Encoding`);
  if (c.req.header('if-none-match') === etag) {
    ready(null);
    return c.body(null, 304);
  }
  c.header('Content-Type', input.contentType);
  const encoding = chooseEncoding(c.req.header('accept-encoding'));
  if (encoding === 'identity') {
    const text = cached.derive(input.key, input.render);
    ready(text);
    return c.body(text);
  }
  // Rendered here only when the compressed bytes are not ready; the text is not kept for them.
  const bytes = cached.derive(`${input.key}#${encoding}`, (value) => compress(input.render(value), encoding));
  c.header('Content-Encoding', encoding);
  ready(bytes);
  return c.body(bytes as Uint8Array<ArrayBuffer>);
}
