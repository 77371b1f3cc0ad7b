/**
 * The time and timers a scheduler runs on; the real ones by default, fakes in tests.
 *
 * `now` is monotonic: it never steps back when the system clock is set back (or forward), so a
 * due time computed on it is reached after the wait it says. Results are stamped with the wall
 * clock elsewhere; only the schedule runs on this one.
 */
export interface Timers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** The wall clock, for schedules written in wall time (cron); Date.now when absent. */
  wallNow?(): number;
}

export const realTimers: Timers = Object.freeze({
  // Epoch-like (it starts at the wall time of the process start) but monotonic.
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  wallNow: () => Date.now(),
});
