import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// The compressed forms of a public document. The 90 daily bars make the page large (about 25 KB
// per environment) but very repetitive, so it compresses to a fiftieth; it is compressed once
// per snapshot, never per request.

export const ENCODINGS = ['br', 'gzip'] as const;
export type ContentEncoding = (typeof ENCODINGS)[number];

export function compress(text: string, encoding: ContentEncoding): Uint8Array {
  return encoding === 'br'
    ? brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(text) } })
    : gzipSync(text, { level: 6 });
}
