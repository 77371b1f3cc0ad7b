// Counters of recent attempts per key (a client address, a mailbox, a token prefix), in
// memory: a limit that resets when the daemon restarts is still a limit, and nothing about
// strangers is written to the database. Written here rather than taken from a library because
// the limits must read the injected clock (tests move it; no library we found takes one).
//
// Fixed windows: a key may make `limit` attempts per `windowMs`, counted from its first.

export interface RateLimiter {
  /** How long until `key` may try again (ms), or 0 if it may now. Does not count an attempt. */
  retryAfter(key: string): number;
  /** Counts an attempt of `key`. */
  hit(key: string): void;
  /** `retryAfter` then, if allowed, `hit`: the usual check-and-count of one attempt. */
  take(key: string): number;
}

export interface RateLimitOptions {
  readonly limit: number;
  readonly windowMs: number;
  readonly clock: () => number;
  /**
   * Keys remembered at most; past it, windows already over are dropped, then the oldest.
   * Bounds the memory a flood of distinct keys can take (global limits cover such a flood).
   */
  readonly maxKeys?: number;
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const maxKeys = options.maxKeys ?? 10_000;
  const windows = new Map<string, { start: number; count: number }>();

  const current = (key: string, now: number) => {
    const window = windows.get(key);
    if (window && now - window.start < options.windowMs && now >= window.start) return window;
    if (window) windows.delete(key);
    return null;
  };

  const retryAfter = (key: string) => {
    const now = options.clock();
    const window = current(key, now);
    return window && window.count >= options.limit ? window.start + options.windowMs - now : 0;
  };

  const hit = (key: string) => {
    const now = options.clock();
    const window = current(key, now);
    if (window) {
      window.count++;
      return;
    }
    if (windows.size >= maxKeys) evict(now);
    windows.set(key, { start: now, count: 1 });
  };

  const evict = (now: number) => {
    for (const [key, window] of windows) {
      if (now - window.start >= options.windowMs || now < window.start) windows.delete(key);
    }
    // Insertion order is age order: what remains first is the oldest window.
    while (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
  };

  return {
    retryAfter,
    hit,
    take(key) {
      const wait = retryAfter(key);
      if (wait === 0) hit(key);
      return wait;
    },
  };
}

/** The Retry-After header's value for a wait in ms: whole seconds, at least 1. */
export function retryAfterSeconds(ms: number): string {
  return String(Math.max(1, Math.ceil(ms / 1000)));
}
