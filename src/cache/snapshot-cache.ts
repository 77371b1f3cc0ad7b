import type { DataVersion } from './data-version.ts';

// A memo of an expensive read model (the public snapshot) and of what is rendered from it.
// An entry is reused while all of these hold:
//   - the registry fingerprint is unchanged (a window or incident written shows at once);
//   - the clock is in the same minute (durations and "current/upcoming" move with time);
//   - the observations fingerprint is unchanged, or the entry is younger than `refreshMs`
//     (probe results arrive continuously; the page may lag them by that much).
// Rendered forms (a page per locale, a JSON document) hang off the entry and die with it.

export interface CacheOptions {
  readonly clock: () => number;
  readonly version: () => DataVersion;
  /** How stale the observations may get under a constant stream of probe results. */
  readonly refreshMs: number;
  /** Derived renderings kept per entry (bounds what varied requests can make it hold). */
  readonly maxDerived?: number;
}

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
  get(): CachedSnapshot<T>;
  /** Forget the entry (a write made through the pages). */
  invalidate(): void;
}

const MINUTE = 60_000;

export function createSnapshotCache<T>(build: (now: number) => T, options: CacheOptions): SnapshotCache<T> {
  const maxDerived = options.maxDerived ?? 128;
  let entry: { value: T; registry: number; observations: string; minute: number; builtAt: number; tag: string; derived: Map<string, unknown> } | null = null;
  let generation = 0;

  function fresh(now: number, version: DataVersion): boolean {
    if (!entry) return false;
    if (entry.registry !== version.registry || entry.minute !== Math.floor(now / MINUTE)) return false;
    return entry.observations === version.observations || now - entry.builtAt < options.refreshMs;
  }

  return {
    get() {
      const now = options.clock();
      const version = options.version();
      if (!fresh(now, version)) {
        generation++;
        entry = {
          value: build(now),
          registry: version.registry,
          observations: version.observations,
          minute: Math.floor(now / MINUTE),
          builtAt: now,
          tag: `${now.toString(36)}-${version.registry.toString(36)}-${generation.toString(36)}`,
          derived: new Map(),
        };
      }
      const current = entry!;
      return {
        value: current.value,
        tag: current.tag,
        derive<R>(key: string, render: (value: T) => R): R {
          if (current.derived.has(key)) return current.derived.get(key) as R;
          const result = render(current.value);
          if (current.derived.size < maxDerived) current.derived.set(key, result);
          return result;
        },
        deriveAsync<R>(key: string, render: (value: T) => Promise<R>): Promise<R> {
          const result = this.derive(`async:${key}`, render);
          result.catch(() => {
            if (current.derived.get(`async:${key}`) === result) current.derived.delete(`async:${key}`);
          });
          return result;
        },
      };
    },
    invalidate() {
      entry = null;
    },
  };
}
