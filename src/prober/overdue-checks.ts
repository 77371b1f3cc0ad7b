// Whether due checks are being run. A prober that stops running some checks — their turns no
// longer come (a clock step, a stuck timer), or wait behind others for ever — must say so on
// /healthz: their time would silently become unmonitored.

/** A check is not being run once it is this late, or two of its intervals if that is longer. */
export const OVERDUE_FLOOR_MS = 15_000;

export interface Overdue {
  readonly checkId: string;
  /** How long past its interval since it last started a probe. */
  readonly lateMs: number;
  /** How late it may be before the prober is reported unhealthy. */
  readonly allowedMs: number;
}

/**
 * When each check last started a probe, on the monotonic clock. One slot per check in typed
 * arrays: a start, thousands a second at 50,000 checks, writes a number in place instead of
 * boxing a new one into a Map, and the scan of /healthz reads them without allocating.
 */
export class CheckStarts {
  private readonly slots = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly intervalsMs: Float64Array;
  private readonly startedAt: Float64Array;

  /** Every check counts as started at `now` (the prober's start): its first turn is within an interval. */
  constructor(intervals: ReadonlyMap<string, number>, now: number) {
    this.intervalsMs = new Float64Array(intervals.size);
    this.startedAt = new Float64Array(intervals.size).fill(now);
    for (const [id, intervalMs] of intervals) {
      this.intervalsMs[this.ids.length] = intervalMs;
      this.slots.set(id, this.ids.length);
      this.ids.push(id);
    }
  }

  /** A check the prober was not given has no interval to be late against: it is not followed. */
  started(checkId: string, now: number): void {
    const slot = this.slots.get(checkId);
    if (slot !== undefined) this.startedAt[slot] = now;
  }

  /** The check furthest past its allowance; else the latest one still within it; null when none is late. */
  mostOverdue(now: number): (Overdue & { readonly beyondAllowance: boolean }) | null {
    let worst = -1;
    let worstLate = 0;
    let worstBeyond = false;
    for (let slot = 0; slot < this.ids.length; slot++) {
      const intervalMs = this.intervalsMs[slot]!;
      const lateMs = now - this.startedAt[slot]! - intervalMs;
      if (lateMs <= 0) continue;
      const beyond = lateMs > Math.max(2 * intervalMs, OVERDUE_FLOOR_MS);
      if (worst < 0 || (beyond && !worstBeyond) || (beyond === worstBeyond && lateMs > worstLate)) {
        worst = slot;
        worstLate = lateMs;
        worstBeyond = beyond;
      }
    }
    if (worst < 0) return null;
    return { checkId: this.ids[worst]!, lateMs: worstLate, allowedMs: Math.max(2 * this.intervalsMs[worst]!, OVERDUE_FLOOR_MS), beyondAllowance: worstBeyond };
  }
}
