import { performance } from 'node:perf_hooks';
import { createReadAdmission, DEFAULT_ADMISSION, type AdmissionSettings, type ReadAdmission } from './read-admission.ts';

// The shell around read-admission.ts: requests that may not be answered yet wait here in
// arrival order, released as the metered rate allows; every `sampleMs` the thread's busy share
// (event-loop utilization) and whether the prober fell behind adjust the rate.

export interface AdmissionGate {
  /** null: answer now; else a promise settled once this request's turn comes. */
  enter(): Promise<void> | null;
  /** The rate reads are metered at, null while they are not; how many wait. */
  state(): { ratePerS: number | null; waiting: number };
  /** Stops sampling and lets every waiting request go. */
  stop(): void;
}

export interface GateOptions {
  /** A monotonic clock in milliseconds. */
  readonly clock?: () => number;
  /** The busy share of the thread since the last call (0..1); by default its event-loop utilization. */
  readonly utilization?: () => number;
  /** Whether the prober fell behind since the last call (probes started late, turns skipped or missed). */
  readonly proberBehind?: () => boolean;
  readonly sampleMs?: number;
  readonly settings?: AdmissionSettings;
}

export const ADMISSION_SAMPLE_MS = 100;

export function createAdmissionGate(options: GateOptions = {}): AdmissionGate {
  const clock = options.clock ?? (() => performance.now());
  const utilization = options.utilization ?? eventLoopUtilization();
  const proberBehind = options.proberBehind ?? (() => false);
  const admission: ReadAdmission = createReadAdmission(clock(), options.settings ?? DEFAULT_ADMISSION);
  let waiting: Array<() => void> = [];
  let head = 0;
  let release: NodeJS.Timeout | null = null;

  const queued = () => waiting.length - head;

  function drain(): void {
    release = null;
    const now = clock();
    while (head < waiting.length && admission.admit(now)) waiting[head++]!();
    if (head === waiting.length) {
      waiting = [];
      head = 0;
    } else {
      if (head > 1024) {
        waiting = waiting.slice(head);
        head = 0;
      }
      schedule();
    }
  }

  function schedule(): void {
    if (release === null && queued() > 0) release = setTimeout(drain, Math.max(1, admission.waitMs(clock())));
  }

  const sampler = setInterval(() => {
    admission.observe(clock(), { utilization: utilization(), proberBehind: proberBehind(), waiting: queued() });
    if (release !== null) {
      clearTimeout(release);
      release = null;
    }
    if (queued() > 0) drain();
  }, options.sampleMs ?? ADMISSION_SAMPLE_MS);
  sampler.unref();

  return {
    enter() {
      // Nobody overtakes a waiting request.
      if (queued() === 0 && admission.admit(clock())) return null;
      const turn = new Promise<void>((resolve) => waiting.push(resolve));
      schedule();
      return turn;
    },
    state: () => ({ ratePerS: admission.ratePerS, waiting: queued() }),
    stop() {
      clearInterval(sampler);
      if (release !== null) clearTimeout(release);
      release = null;
      for (; head < waiting.length; head++) waiting[head]!();
      waiting = [];
      head = 0;
    },
  };
}

/** The thread's event-loop utilization since the previous call. */
function eventLoopUtilization(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const utilization = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    return utilization;
  };
}
