import type { DataVersion, DataVersionReader } from './data-version.ts';

// The latest ready snapshot of an expensive read model (the public view), and what is rendered
// from it. Requests are answered from the latest ready snapshot; a newer one is built in the
// background, and a request waits for a build only when what it would be shown could mislead:
//   - there is no snapshot yet;
//   - the registry fingerprint moved, or the snapshot was invalidated (a window, an incident or
//     an exclusion a person wrote shows at once, as it always has);
//   - the snapshot is older than `refreshMs + staleGraceMs` (a page nobody read for a while).
// Otherwise, once the observations moved and the snapshot is `refreshMs` old, or the minute
// changed (durations and "current/upcoming" move with time), the request is answered at once
// from the ready snapshot and a new one is started in the background, one at a time. Probe
// results thus reach the page within `refreshMs` plus one build, never holding a reader up.
// Rendered forms (a page per locale, a JSON document, their compressed bytes) hang off the
// snapshot and die with it; a build may hand some of them ready-made.

export interface CacheOptions {
  readonly clock: () => number;
  readonly version: DataVersionReader;
  /** How stale the observations may get under a constant stream of probe results. */
  readonly refreshMs: number;
  /** How much older than `refreshMs` a snapshot may be served while its successor is built. */
  readonly staleGraceMs?: number;
  /** Derived renderings kept per entry (bounds what varied requests can make it hold). */
  readonly maxDerived?: number;
  /** Told of a background build that failed (the previous snapshot stays in use). */
  readonly onBackgroundError?: (error: unknown) => void;
}

/** What a build hands back: the value, and renderings of it already made (by derive key). */
export interface Built<T> {
  readonly value: T;
  readonly derived?: ReadonlyMap<string, unknown>;
}

/** Builds the value at `now`; `wanted` are the derive keys read from the previous snapshot. */
export type SnapshotBuild<T> = (now: number, wanted: readonly string[]) => Promise<Built<T>>;

export interface CachedSnapshot<T> {
  readonly value: T;
  /** A short tag naming this entry, for ETags. */
  readonly tag: string;
  /** A rendering of the value, computed once per entry and key. */
  derive<R>(key: string, render: (value: T) => R): R;
  /** The same for a rendering that takes a while (computed elsewhere); a failed one is not kept. */
  deriveAsync<R>(key: string, render: (value: T) => Promise<R>): Promise<R>;
}

export interface SnapshotCache<T> {
  get(): Promise<CachedSnapshot<T>>;
  /** Forget the entry (a write made through the pages): the next request waits for a new one. */
  invalidate(): void;
  /** Resolves once no build is in progress (what a background build was started for has landed). */
  settled(): Promise<void>;
  /** Builds started so far, in the background or waited for. */
  builds(): number;
}

const MINUTE = 60_000;
/** By default a snapshot may be served up to this much past `refreshMs` while the next is built. */
export const DEFAULT_STALE_GRACE_MS = 5_000;

interface Entry<T> {
  readonly value: T;
  readonly registry: number;
  readonly observations: string;
  readonly minute: number;
  readonly builtAt: number;
  readonly tag: string;
  readonly derived: Map<string, unknown>;
  /** The derive keys requests asked of this entry: the next build may make them ready. */
  readonly read: Set<string>;
}

interface Pending<T> {
  readonly promise: Promise<Entry<T>>;
  readonly registry: number;
  readonly epoch: number;
}

/** A snapshot built on this thread (small views, tests), as a SnapshotBuild. */
export function inline<T>(build: (now: number) => T | Promise<T>): SnapshotBuild<T> {
  return async (now) => ({ value: await build(now) });
}

export function createSnapshotCache<T>(build: SnapshotBuild<T>, options: CacheOptions): SnapshotCache<T> {
  const maxDerived = options.maxDerived ?? 128;
  const graceMs = options.staleGraceMs ?? DEFAULT_STALE_GRACE_MS;
  let entry: Entry<T> | null = null;
  let pending: Pending<T> | null = null;
  let generation = 0;
  /** Moves on invalidate(): a build started before it cannot satisfy a request after it. */
  let epoch = 0;
  let started = 0;

  const current = (held: Entry<T>, now: number, version: DataVersion) =>
    held.minute === Math.floor(now / MINUTE) && (held.observations === version.observations || now - held.builtAt < options.refreshMs);

  /** A build reflecting at least `version` and the current epoch: the one in progress if it does, else the next. */
  function buildFor(version: DataVersion): Promise<Entry<T>> {
    if (pending && pending.registry === version.registry && pending.epoch === epoch) return pending.promise;
    const before = pending?.promise.catch(() => undefined);
    const at = epoch;
    const promise = (async () => {
      await before;
      const now = options.clock();
      const asked = options.version();
      // Awaited only when it must be: a build starts in the turn that found it due.
      const seen = asked instanceof Promise ? await asked : asked;
      started++;
      const wanted = entry ? [...entry.read] : [];
      const built = await build(now, wanted);
      generation++;
      const made: Entry<T> = {
        value: built.value,
        registry: seen.registry,
        observations: seen.observations,
        minute: Math.floor(now / MINUTE),
        builtAt: now,
        tag: `${now.toString(36)}-${seen.registry.toString(36)}-${generation.toString(36)}`,
        derived: new Map(built.derived ?? []),
        read: new Set(),
      };
      // A build that finished after a newer one (or after an invalidation) does not replace it.
      if (at === epoch && (!entry || entry.builtAt <= now)) entry = made;
      return made;
    })();
    const mine: Pending<T> = { promise, registry: version.registry, epoch: at };
    pending = mine;
    promise.finally(() => {
      if (pending === mine) pending = null;
    }).catch(() => undefined);
    return promise;
  }

  function view(held: Entry<T>): CachedSnapshot<T> {
    return {
      value: held.value,
      tag: held.tag,
      derive<R>(key: string, render: (value: T) => R): R {
        if (held.read.size < maxDerived) held.read.add(key);
        if (held.derived.has(key)) return held.derived.get(key) as R;
        const result = render(held.value);
        if (held.derived.size < maxDerived) held.derived.set(key, result);
        return result;
      },
      deriveAsync<R>(key: string, render: (value: T) => Promise<R>): Promise<R> {
        const result = this.derive(`async:${key}`, render);
        result.catch(() => {
          if (held.derived.get(`async:${key}`) === result) held.derived.delete(`async:${key}`);
        });
        return result;
      },
    };
  }

  return {
    async get() {
      const asked = options.version();
      const version = asked instanceof Promise ? await asked : asked;
      const now = options.clock();
      const held = entry;
      if (held && held.registry === version.registry && now - held.builtAt < options.refreshMs + graceMs && now >= held.builtAt) {
        if (!current(held, now, version) && !pending) {
          buildFor(version).catch((error: unknown) => options.onBackgroundError?.(error));
        }
        return view(held);
      }
      return view(await buildFor(version));
    },
    invalidate() {
      entry = null;
      epoch++;
    },
    async settled() {
      while (pending) await pending.promise.catch(() => undefined);
    },
    builds: () => started,
  };
}
