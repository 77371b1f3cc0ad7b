/**
 * At most `max` tasks at once (config.probe.concurrency); the others wait in arrival order.
 * A finishing task hands its slot straight to the next waiter, so a newcomer arriving in
 * between can never push the count over the bound.
 */
export class Limiter {
  private active = 0;
  private waiting: Array<() => void> = [];
  private head = 0;

  constructor(private readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`concurrency must be a positive integer (got ${max})`);
  }

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length - this.head;
  }

  /**
   * Takes a slot: null when one was free (taken at once), else a promise settled once a
   * finishing task hands its slot over. Every slot taken is given back with `release`.
   */
  acquire(): Promise<void> | null {
    if (this.active < this.max) {
      this.active++;
      return null;
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Gives a slot back: straight to the next waiter if there is one. */
  release(): void {
    if (this.head < this.waiting.length) {
      const next = this.waiting[this.head]!;
      this.head++;
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting = this.waiting.slice(this.head);
        this.head = 0;
      }
      next();
    } else {
      this.active--;
    }
  }
}
