import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import type { CachedSnapshot } from '../cache/snapshot-cache.ts';

// A public document rendered once per snapshot and reader variant, and compressed once too:
// the 90 daily bars make the page large (about 20 KB per environment) but very repetitive, so a
// browser gets it brotli- or gzip-compressed to a tenth of that, at no per-request cost.

type Encoding = 'br' | 'gzip' | 'identity';

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

function encode(text: string, encoding: Exclude<Encoding, 'identity'>): Uint8Array {
  return encoding === 'br'
    ? brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(text) } })
    : gzipSync(text, { level: 6 });
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
  },
): Response {
  const etag = `"${cached.tag}-${input.key.replace(/[^\w.:-]/g, '_')}"`;
  c.header('Cache-Control', input.cacheControl);
  c.header('ETag', etag);
  c.header('Vary', `${input.vary ?? 'Accept-Language, Cookie'}, Accept-Encoding`);
  if (c.req.header('if-none-match') === etag) return c.body(null, 304);
  const text = cached.derive(input.key, input.render);
  c.header('Content-Type', input.contentType);
  const encoding = chooseEncoding(c.req.header('accept-encoding'));
  if (encoding === 'identity') return c.body(text);
  const bytes = cached.derive(`${input.key}#${encoding}`, () => encode(text, encoding));
  c.header('Content-Encoding', encoding);
  return c.body(bytes as Uint8Array<ArrayBuffer>);
}
