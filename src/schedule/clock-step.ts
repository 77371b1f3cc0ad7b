// Notices when the wall clock is set back or forward: the difference between the wall clock
// and the monotonic one changes by the size of the step. Probing runs on the monotonic clock
// and is not held up by a step, but results are stamped with wall time, so a step shows in
// them: the log says when and by how much.

/** Steps smaller than this are the clocks' ordinary drift and slewing, not a setting. */
const STEP_MS = 1_000;

export interface ClockStepWatch {
  /** Compares the clocks now; returns the step (ms, negative: set back) when one happened since the last look, else 0. */
  look(): number;
}

export function watchClockSteps(wallNow: () => number, monotonicNow: () => number, log: (line: string) => void): ClockStepWatch {
  let offset = wallNow() - monotonicNow();
  return {
    look() {
      const next = wallNow() - monotonicNow();
      const step = next - offset;
      offset = next;
      if (Math.abs(step) < STEP_MS) return 0;
      const seconds = (Math.abs(step) / 1000).toFixed(1);
      log(`clock: the wall clock was set ${step < 0 ? 'back' : 'forward'} by ${seconds} s; probing keeps its own (monotonic) schedule, results carry the new wall time`);
      return step;
    },
  };
}
