/**
 * Tells a probe kind that its probe is over (its deadline passed, or the prober is stopping), so
 * that it lets go of its request or its connection attempt. One per probe, thousands a second:
 * an AbortController and its signal, an EventTarget, cost more to make than the rest of the
 * probe's own objects together, and each listener added to them more again. A kind waits on one
 * thing at a time (a request, then the next redirect's; a connection), so one listener is held.
 */
export class ProbeAbort {
  private why: Error | null = null;
  private listener: ((reason: Error) => void) | null = null;

  get aborted(): boolean {
    return this.why !== null;
  }

  /** Why the probe was aborted; null until it is. */
  get reason(): Error | null {
    return this.why;
  }

  /** `listener` is called once when the probe is aborted; the caller has checked it is not yet. */
  listen(listener: (reason: Error) => void): void {
    if (this.listener !== null) throw new Error('a probe listens for its abort once at a time');
    this.listener = listener;
  }

  /** Takes back the listener given to `listen` (what it waited on is over). */
  unlisten(listener: (reason: Error) => void): void {
    if (this.listener === listener) this.listener = null;
  }

  /** Aborts the probe (the first reason stays) and calls its listener. */
  abort(reason: Error): void {
    if (this.why !== null) return;
    this.why = reason;
    const listener = this.listener;
    this.listener = null;
    listener?.(reason);
  }
}
