// Listeners on one long-lived signal (the prober stopping), added and removed once per probe.
// An AbortSignal's addEventListener walks every listener already there to refuse a duplicate:
// with a thousand probes in flight each adding two, that walk was 7 % of the daemon's CPU at
// 50,000 checks every 10 s. Here the signal holds one listener and the probes a Set entry each.

const fanouts = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `listener` once when `signal` aborts (the caller has checked it has not yet). */
export function onAbort(signal: AbortSignal, listener: () => void): void {
  let listeners = fanouts.get(signal);
  if (!listeners) {
    const added = new Set<() => void>();
    listeners = added;
    fanouts.set(signal, added);
    signal.addEventListener(
      'abort',
      () => {
        // In the order they were added, as the signal's own listeners; each one once.
        const called = [...added];
        added.clear();
        for (const call of called) call();
      },
      { once: true },
    );
  }
  listeners.add(listener);
}

/** Forgets a listener given to `onAbort` (its probe ended first). */
export function offAbort(signal: AbortSignal, listener: () => void): void {
  fanouts.get(signal)?.delete(listener);
}
