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

/** When each check last started a probe, on the monotonic clock. */
export class CheckStarts {
  private readonly startedAt = new Map<string, number>();

  /** Every check counts as started at `now` (the prober's start): its first turn is within an interval. */
  constructor(
    private readonly intervals: ReadonlyMap<string, number>,
    now: number,
  ) {
    for (const id of intervals.keys()) this.startedAt.set(id, now);
  }

  started(checkId: string, now: number): void {
    this.startedAt.set(checkId, now);
  }

  /** The check furthest past its allowance; else the latest one still within it; null when none is late. */
  mostOverdue(now: number): (Overdue & { readonly beyondAllowance: boolean }) | null {
    let worst: (Overdue & { beyondAllowance: boolean }) | null = null;
    for (const [checkId, at] of this.startedAt) {
      const intervalMs = this.intervals.get(checkId)!;
      const lateMs = now - at - intervalMs;
      if (lateMs <= 0) continue;
      const allowedMs = Math.max(2 * intervalMs, OVERDUE_FLOOR_MS);
      const candidate = { checkId, lateMs, allowedMs, beyondAllowance: lateMs > allowedMs };
      if (!worst || (candidate.beyondAllowance && !worst.beyondAllowance) || (candidate.beyondAllowance === worst.beyondAllowance && lateMs > worst.lateMs)) worst = candidate;
    }
    return worst;
  }
}
