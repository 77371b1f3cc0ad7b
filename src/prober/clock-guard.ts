import { formatDuration } from '../time/duration.ts';
import { judgeClock, type ClockReading, type ClockVerdict } from '../lease/clock-offset.ts';

/** How often a prober on PostgreSQL compares its clock with the database's. */
export const CLOCK_CHECK_EVERY_MS = 30_000;

export interface ClockGuardHealth {
  /** Whether this host's results are being refused: its clock was last found certainly off. */
  readonly clockRefused: boolean;
  /** This host's clock minus the database's at the last reading (positive: ahead); null before any. */
  readonly clockOffsetMs: number | null;
  readonly maxClockOffsetMs: number;
  /** Results refused because the clock was off, since the prober started. */
  readonly refusedResults: number;
}

/**
 * Keeps a prober's results off the database while its host's clock is off the database's by
 * more than `boundMs`: a result is stamped with the host's clock, and on PostgreSQL the
 * probers of several hosts write one history, so a host a minute ahead would move its
 * outages' starts and ends by a minute. Results are refused only on certainty (judgeClock says
 * `off`); a slow answer or a failed reading keeps the last verdict. The time refused is
 * silence to the detector, which records it as unmonitored once the clock is right again,
 * never as up or down. Each change of verdict is logged once.
 */
export class ClockGuard {
  private refused = false;
  private lastOffsetMs: number | null = null;
  private refusedCount = 0;

  constructor(
    private readonly read: () => Promise<ClockReading>,
    private readonly boundMs: number,
    private readonly log: (line: string) => void,
  ) {}

  /** Whether a result may be written now; counts it when not. */
  accepts(): boolean {
    if (this.refused) this.refusedCount++;
    return !this.refused;
  }

  /** Reads the database's clock and judges this host's; resolves to the verdict, or null when it could not be read. */
  async check(): Promise<ClockVerdict | null> {
    let verdict: ClockVerdict;
    try {
      verdict = judgeClock(await this.read(), this.boundMs);
    } catch {
      // The database out of reach (the result writer says so) or the host's clock stepped back mid-reading: the next reading tells.
      return null;
    }
    this.lastOffsetMs = verdict.offsetMs;
    if (verdict.verdict === 'off' && !this.refused) {
      this.refused = true;
      this.log(`prober: this host's clock is ${describe(verdict.offsetMs)} the database's, beyond probe.maxClockOffset (${formatDuration(this.boundMs)}): its results are refused until the clock is set right, and that time is unmonitored`);
    } else if (verdict.verdict === 'ok' && this.refused) {
      this.refused = false;
      this.log(`prober: this host's clock is within ${formatDuration(this.boundMs)} of the database's again (${describe(verdict.offsetMs)}): results are written again (${this.refusedCount} refused)`);
    }
    return verdict;
  }

  health(): ClockGuardHealth {
    return { clockRefused: this.refused, clockOffsetMs: this.lastOffsetMs, maxClockOffsetMs: this.boundMs, refusedResults: this.refusedCount };
  }
}

function describe(offsetMs: number): string {
  const seconds = (Math.abs(offsetMs) / 1000).toFixed(1);
  return offsetMs >= 0 ? `${seconds} s ahead of` : `${seconds} s behind`;
}
