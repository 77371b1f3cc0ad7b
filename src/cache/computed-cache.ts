import type { DataVersionReader } from './data-version.ts';

// Answers that are expensive to compute (a monthly report), kept per key and reused on the same
// terms as the public snapshot (snapshot-cache.ts): the registry unchanged, the same minute, and
// the observations unchanged or the entry younger than `refreshMs`. Requests for a key being
// computed wait for that computation; beyond `maxInFlight` different computations at once, a
// request is refused (BusyError: the caller answers 429 with Retry-After) rather than queued, so
// no number of readers can pile work up.

export interface ComputedCacheOptions {
  readonly clock: () => number;
  readonly version: DataVersionReader;
  readonly refreshMs: number;
  /** Keys kept (least recently used dropped first). */
  readonly maxEntries?: number;
  /** Different computations allowed at once. */
  readonly maxInFlight?: number;
  /** What a refused request is told to wait. */
  readonly retryAfterMs?: number;
}

export class BusyError extends Error {
  override name = 'BusyError';
  constructor(readonly retryAfterMs: number) {
    super('too many expensive requests in progress');
  }
}

export interface ComputedCache<V> {
  /**
   * The cached value of `key`, or `compute(now)`'s; throws BusyError when over the bound.
   * `reusable: false` (a value that depends on the instant it is computed at) is never kept,
   * only shared with the requests that arrive while it is being computed.
   */
  get(key: string, compute: (now: number) => Promise<V>, options?: { reusable?: boolean }): Promise<V>;
}

const MINUTE = 60_000;

export function createComputedCache<V>(options: ComputedCacheOptions): ComputedCache<V> {
  const maxEntries = options.maxEntries ?? 64;
  const maxInFlight = options.maxInFlight ?? 2;
  const entries = new Map<string, { value: V; registry: number; observations: string; minute: number; builtAt: number }>();
  const inFlight = new Map<string, Promise<V>>();

  return {
    async get(key, compute, { reusable = true } = {}) {
      const asked = options.version();
      const version = asked instanceof Promise ? await asked : asked;
      const now = options.clock();
      const entry = reusable ? entries.get(key) : undefined;
      if (
        entry &&
        entry.registry === version.registry &&
        entry.minute === Math.floor(now / MINUTE) &&
        (entry.observations === version.observations || now - entry.builtAt < options.refreshMs)
      ) {
        entries.delete(key);
        entries.set(key, entry);
        return entry.value;
      }
      const pending = inFlight.get(key);
      if (pending) return pending;
      if (inFlight.size >= maxInFlight) throw new BusyError(options.retryAfterMs ?? 2_000);
      const computation = compute(now)
        .then((value) => {
          if (!reusable) return value;
          entries.delete(key);
          entries.set(key, { value, registry: version.registry, observations: version.observations, minute: Math.floor(now / MINUTE), builtAt: now });
          while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
          return value;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, computation);
      return computation;
    },
  };
}
