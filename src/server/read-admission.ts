// When readers may be answered: the decision, without timers or I/O (the gate that queues the
// requests is admission-gate.ts). The daemon answers readers and runs its probes on one thread;
// a page read as fast as the machine answers (what happens during an outage) would otherwise take
// the time the probes need, and the monitor would stop measuring when it matters most. So reads
// are answered at once while the prober keeps up; once it falls behind while the thread is busy,
// reads are metered: a rate that falls while that lasts and climbs back while the thread has
// time (additive increase, multiplicative decrease), never below a floor, so that every reader
// is still answered, later. The prober falling behind is the signal, not the thread's busy share
// alone: on a machine other processes load, a thread descheduled in the middle of its work looks
// busy, and holding readers back would not help a prober that keeps up. A waiting HTTP/1.1 client cannot send its
// next request before its answer: delaying answers slows readers down without refusing any.

export interface AdmissionSettings {
  /**
   * The prober behind while the thread is busier than this (event-loop utilization, 0..1) meters
   * reads down; below it, with no read waiting, for `calmSamples` samples in a row, reads are no
   * longer metered. A prober behind with its thread mostly idle waits on its targets, not on readers.
   */
  readonly calmBelow: number;
  readonly calmSamples: number;
  /** The metered rate never falls below this (reads per second): readers are always answered. */
  readonly minRatePerS: number;
  /** Each busy sample multiplies the rate by this. */
  readonly decrease: number;
  /** Each sample with time to spare and reads waiting raises the rate by this share, plus `stepPerS`. */
  readonly increase: number;
  readonly stepPerS: number;
  /** How many reads may go at once after a pause: the rate times this many milliseconds (at least one). */
  readonly burstMs: number;
}

export const DEFAULT_ADMISSION: AdmissionSettings = {
  calmBelow: 0.6,
  calmSamples: 10,
  minRatePerS: 50,
  decrease: 0.7,
  increase: 0.05,
  stepPerS: 20,
  burstMs: 10,
};

/** What the gate saw over one sample. */
export interface AdmissionSample {
  /** Share of the sample the thread was busy (0..1). */
  readonly utilization: number;
  /** Whether the prober is behind (probes started late, turns skipped or missed). */
  readonly proberBehind: boolean;
  /** Reads waiting at the end of the sample. */
  readonly waiting: number;
}

export interface ReadAdmission {
  /** Whether a read may be answered now (counted if so). */
  admit(now: number): boolean;
  /** How long until the next read may be answered (0: now). */
  waitMs(now: number): number;
  /** Adjusts the rate from one sample ending at `now`. */
  observe(now: number, sample: AdmissionSample): void;
  /** null while reads are not metered, else the rate in reads per second. */
  readonly ratePerS: number | null;
}

export function createReadAdmission(now: number, settings: AdmissionSettings = DEFAULT_ADMISSION): ReadAdmission {
  let metered = false;
  let rate = 0;
  let tokens = 0;
  let refilledAt = now;
  let sampleStart = now;
  let admittedInSample = 0;
  let calm = 0;

  const burst = () => Math.max(1, (rate * settings.burstMs) / 1000);
  const refill = (at: number) => {
    if (at > refilledAt) tokens = Math.min(burst(), tokens + ((at - refilledAt) * rate) / 1000);
    refilledAt = Math.max(refilledAt, at);
  };

  return {
    admit(at) {
      if (!metered) {
        admittedInSample++;
        return true;
      }
      refill(at);
      if (tokens < 1) return false;
      tokens--;
      admittedInSample++;
      return true;
    },
    waitMs(at) {
      if (!metered) return 0;
      refill(at);
      return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * 1000) / rate);
    },
    observe(at, sample) {
      const elapsed = Math.max(1, at - sampleStart);
      const admittedRate = (admittedInSample * 1000) / elapsed;
      sampleStart = at;
      admittedInSample = 0;
      const busy = sample.proberBehind && sample.utilization > settings.calmBelow;
      if (busy) {
        refill(at);
        rate = Math.max(settings.minRatePerS, (metered ? rate : admittedRate) * settings.decrease);
        if (!metered) tokens = 0;
        metered = true;
        tokens = Math.min(tokens, burst());
        calm = 0;
        return;
      }
      if (!metered) return;
      calm = sample.utilization < settings.calmBelow && sample.waiting === 0 ? calm + 1 : 0;
      if (calm >= settings.calmSamples) {
        metered = false;
        return;
      }
      if (sample.waiting > 0) {
        refill(at);
        rate = rate * (1 + settings.increase) + settings.stepPerS;
      }
    },
    get ratePerS() {
      return metered ? rate : null;
    },
  };
}
