import { describe, expect, it } from 'vitest';
import { scanBody } from '../../src/probe/body-scan.ts';

/** A body as chunks, counting how many the scanner pulled. */
function body(chunks: string[]) {
  const counter = { pulled: 0 };
  const iterable = {
    async *[Symbol.asyncIterator]() {
      for (const chunk of chunks) {
        counter.pulled++;
        yield Buffer.from(chunk);
      }
    },
  };
  return { iterable, counter };
}

describe('reading a response body', () => {
  it('stops at the first sight of the expected text, even split across chunks', async () => {
    const { iterable, counter } = body(['{"sta', 'tus":"o', 'k"}', 'never read']);
    expect(await scanBody(iterable, Buffer.from('"status":"ok"'), 1024)).toBe('found');
    expect(counter.pulled).toBe(3);
  });

  it('finds a text whose multi-byte character is split between chunks', async () => {
    const bytes = Buffer.from('état: prêt');
    // The first byte of "é" in one chunk, the rest in the next.
    const split = { async *[Symbol.asyncIterator]() { yield bytes.subarray(0, 1); yield bytes.subarray(1); } };
    expect(await scanBody(split, Buffer.from('état'), 1024)).toBe('found');
    expect(await scanBody(body(['etat: pret']).iterable, Buffer.from('état'), 1024)).toBe('missing');
  });

  it('never reads past the limit: the text beyond it is not seen', async () => {
    const { iterable, counter } = body(['a'.repeat(600), 'a'.repeat(600) + 'MARK', 'more']);
    expect(await scanBody(iterable, Buffer.from('MARK'), 1000)).toBe('too_large');
    expect(counter.pulled).toBe(2);
  });

  it('counts a text that ends exactly at the limit as seen', async () => {
    const { iterable } = body(['a'.repeat(996) + 'MARK', 'tail']);
    expect(await scanBody(iterable, Buffer.from('MARK'), 1000)).toBe('found');
  });

  it('with no text expected, reads to the end or to the limit, whichever comes first', async () => {
    expect(await scanBody(body(['short']).iterable, null, 1000)).toBe('complete');
    const long = body(['a'.repeat(800), 'a'.repeat(800), 'a'.repeat(800)]);
    expect(await scanBody(long.iterable, null, 1000)).toBe('truncated');
    expect(long.counter.pulled).toBe(2);
  });
});
