import { nearestRank } from './percentile.ts';

/**
 * How late probes started against their due time, over a recent window: what /healthz and
 * the bench read to tell whether the prober keeps its schedule. A fixed ring, so memory does
 * not grow with the number of checks or the uptime.
 */
export class LagWindow {
  private readonly times: Float64Array;
  private readonly lags: Float64Array;
  private next = 0;
  private filled = 0;

  constructor(capacity = 65_536) {
    this.times = new Float64Array(capacity);
    this.lags = new Float64Array(capacity);
  }

  record(at: number, lagMs: number): void {
    this.times[this.next] = at;
    this.lags[this.next] = Math.max(0, lagMs);
    this.next = (this.next + 1) % this.times.length;
    this.filled = Math.min(this.filled + 1, this.times.length);
  }

  /** Lag percentiles of the starts in [now − windowMs, now]. */
  summary(now: number, windowMs: number): { count: number; p50: number | null; p99: number | null; max: number | null } {
    // Copied straight into one typed array and sorted there (numerically, in place): at 50,000
    // checks the window holds 65,536 lags, which a plain array first would box one by one.
    const recent = new Float64Array(this.filled);
    let count = 0;
    for (let i = 0; i < this.filled; i++) if (this.times[i]! >= now - windowMs) recent[count++] = this.lags[i]!;
    const sorted = recent.subarray(0, count).sort();
    return { count, p50: nearestRank(sorted, 50), p99: nearestRank(sorted, 99), max: count ? sorted[count - 1]! : null };
  }
}
