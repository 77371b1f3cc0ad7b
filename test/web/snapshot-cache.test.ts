import { describe, expect, it } from 'vitest';
import { createSnapshotCache, type Built } from '../../src/cache/snapshot-cache.ts';
import type { DataVersion } from '../../src/cache/data-version.ts';

// The public view's cache: readers are answered from the latest ready snapshot; new ones are
// built in the background, and a reader waits only for the first one, after a registry write
// or an invalidation, or when the ready one is far too old. Builds here are promises the test
// settles by hand, so "is the reader held up?" is a question of which promise resolves.

const REFRESH = 5_000;
const GRACE = 5_000;
const T0 = Date.UTC(2026, 10, 16, 17, 0, 10);

function harness(start = T0) {
  let now = start;
  let version: DataVersion = { registry: 1, observations: 'a' };
  const builds: Array<{ now: number; wanted: readonly string[]; resolve: (built: Built<string>) => void; reject: (error: Error) => void }> = [];
  const errors: unknown[] = [];
  const cache = createSnapshotCache<string>(
    (at, wanted) => new Promise((resolve, reject) => builds.push({ now: at, wanted, resolve, reject })),
    { clock: () => now, version: () => version, refreshMs: REFRESH, staleGraceMs: GRACE, onBackgroundError: (error) => errors.push(error) },
  );
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  /** Settles the newest build (once it has started) and waits until it has landed. */
  const finish = async (value: string, derived?: Map<string, unknown>) => {
    await turn();
    builds.at(-1)!.resolve({ value, ...(derived ? { derived } : {}) });
    await cache.settled();
  };
  const valueOf = async () => (await cache.get()).value;
  /** Whether get() answers without waiting for a build (a build never settles on its own here). */
  const answersAtOnce = async () => {
    const outcome = await Promise.race([cache.get().then((snapshot) => snapshot.value), new Promise((resolve) => setImmediate(() => resolve('(waiting)')))]);
    return outcome;
  };
  return {
    cache,
    builds,
    errors,
    finish,
    valueOf,
    answersAtOnce,
    advance: (ms: number) => (now += ms),
    observe: () => (version = { ...version, observations: `${version.observations}+` }),
    write: () => (version = { ...version, registry: version.registry + 1 }),
  };
}

async function started(start = T0) {
  const h = harness(start);
  const first = h.valueOf();
  await h.finish('v1');
  expect(await first).toBe('v1');
  return h;
}

describe('the public snapshot cache', () => {
  it('makes the first reader wait for the first snapshot, and builds nothing more while the data stays put', async () => {
    const h = await started();
    h.advance(REFRESH + GRACE - 1);
    expect(await h.answersAtOnce()).toBe('v1');
    expect(h.cache.builds()).toBe(1);
  });

  it('answers from the ready snapshot while a newer one is built in the background, one build at a time', async () => {
    const h = await started();
    h.observe();
    h.advance(REFRESH - 1);
    expect(await h.answersAtOnce()).toBe('v1');
    expect(h.cache.builds()).toBe(1);
    h.advance(1);
    expect(await h.answersAtOnce()).toBe('v1');
    expect(await h.answersAtOnce()).toBe('v1');
    expect(h.cache.builds()).toBe(2);
    expect(h.builds.at(-1)!.now).toBe(T0 + REFRESH);
    await h.finish('v2');
    expect(await h.answersAtOnce()).toBe('v2');
  });

  it('starts a new snapshot when the minute turns, serving the last one meanwhile', async () => {
    const h = await started(T0 + 48_000); // 2 s before the minute turns
    h.advance(4_000);
    expect(await h.answersAtOnce()).toBe('v1');
    expect(h.cache.builds()).toBe(2);
  });

  it('makes a reader wait after a registry write, for a build started after it', async () => {
    const h = await started();
    h.observe();
    h.advance(REFRESH);
    await h.cache.get(); // a background build, started before the write
    h.write();
    const reader = h.valueOf();
    expect(await h.answersAtOnce()).toBe('(waiting)');
    await new Promise((resolve) => setImmediate(resolve));
    h.builds[1]!.resolve({ value: 'before the write' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.builds).toHaveLength(3);
    await h.finish('after the write');
    expect(await reader).toBe('after the write');
  });

  it('makes a reader wait after invalidate(), and when the ready snapshot is older than the grace allows', async () => {
    const h = await started();
    h.cache.invalidate();
    expect(await h.answersAtOnce()).toBe('(waiting)');
    await h.finish('v2');
    h.observe();
    h.advance(REFRESH + GRACE);
    expect(await h.answersAtOnce()).toBe('(waiting)');
    await h.finish('v3');
    expect(await h.valueOf()).toBe('v3');
  });

  it('keeps the ready snapshot when a background build fails, and says so', async () => {
    const h = await started();
    h.observe();
    h.advance(REFRESH);
    expect(await h.answersAtOnce()).toBe('v1');
    await new Promise((resolve) => setImmediate(resolve));
    h.builds.at(-1)!.reject(new Error('disk on fire'));
    await h.cache.settled();
    expect(h.errors).toHaveLength(1);
    expect(await h.answersAtOnce()).toBe('v1');
  });

  it('asks the next build for the renderings read off the last snapshot, and serves the ones it brings without rendering', async () => {
    const h = await started();
    const first = await h.cache.get();
    expect(first.derive('page:fr-CA#gzip', (value) => `rendered ${value}`)).toBe('rendered v1');
    h.observe();
    h.advance(REFRESH);
    await h.cache.get();
    expect(h.builds.at(-1)!.wanted).toEqual(['page:fr-CA#gzip']);
    await h.finish('v2', new Map([['page:fr-CA#gzip', 'made ahead']]));
    const second = await h.cache.get();
    expect(second.derive('page:fr-CA#gzip', () => 'rendered on request')).toBe('made ahead');
  });
});
