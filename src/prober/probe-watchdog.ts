import type { CheckConfig } from '../config/types.ts';
import { STOPPED_REASON } from '../probe/run-probe.ts';
import type { ProbeResult } from '../probe/types.ts';
import type { Timers } from '../schedule/timers.ts';
import { offAbort, onAbort } from '../probe/abort-fanout.ts';

/** How long past a check's `timeout` the prober still waits for its probe to return. */
export const PROBE_GRACE_MS = 1_000;

export interface WatchedProbe {
  readonly result: ProbeResult;
  /** The probe had not returned at its deadline plus the grace: its result is `timeout`. */
  readonly abandoned: boolean;
}

/**
 * The prober's own bound on a probe. A probe should end at its deadline (src/probe/run-probe.ts);
 * one that does not, whatever the cause, must not leave its check silent (no result: the time
 * becomes unmonitored, never downtime) nor hold a concurrency slot and its check's turn for
 * ever. At `timeout + PROBE_GRACE_MS` the probe is given up and its result is `timeout`, the
 * failure it is. The prober stopping ends the wait at once (`stopped`: nothing observed).
 */
export function watchProbe(running: Promise<ProbeResult>, check: CheckConfig, stopSignal: AbortSignal, timers: Timers): Promise<WatchedProbe> {
  return new Promise<WatchedProbe>((resolve, reject) => {
    let handle: unknown = null;
    const settle = () => {
      if (handle !== null) timers.clearTimeout(handle);
      offAbort(stopSignal, onStop);
    };
    const onStop = () => {
      settle();
      resolve({ result: { status: 'down', latencyMs: 0, reason: STOPPED_REASON }, abandoned: false });
    };
    if (stopSignal.aborted) return onStop();
    onAbort(stopSignal, onStop);
    handle = timers.setTimeout(() => {
      handle = null;
      settle();
      resolve({ result: { status: 'down', latencyMs: check.timeoutMs, reason: 'timeout' }, abandoned: true });
    }, check.timeoutMs + PROBE_GRACE_MS);
    running.then(
      (result) => {
        settle();
        resolve({ result, abandoned: false });
      },
      (error: unknown) => {
        settle();
        reject(error);
      },
    );
  });
}
