import type { Dispatcher } from 'undici';
import type { CheckConfig } from '../config/types.ts';
import type { CertificateLookup } from './certificate-log.ts';
import { failureReason } from './failure-reason.ts';
import { PROBE_KINDS } from './registry.ts';
import type { ProbeKind, ProbeResult } from './types.ts';
import { untilAborted } from './until-aborted.ts';
import { offAbort, onAbort } from './abort-fanout.ts';

/** Why a probe's signal fired: its own deadline, or the prober shutting down. */
class ProbeDeadline extends Error {
  override name = 'ProbeDeadline';
}
class ProberStopping extends Error {
  override name = 'ProberStopping';
}

export interface RunProbeOptions {
  readonly dispatcher: Dispatcher;
  /** Aborted when the prober stops: in-flight probes end at once (their result is `stopped`). */
  readonly stopSignal?: AbortSignal;
  readonly kinds?: Readonly<Record<CheckConfig['kind'], ProbeKind>>;
  /** The certificates the dispatcher's handshakes saw (src/probe/certificate-log.ts). */
  readonly certificates?: CertificateLookup;
  /** The local address TCP checks connect from (HTTP checks: the dispatcher's own). */
  readonly localAddress?: string | undefined;
}

/** Reason given to a probe cut short by the prober stopping: not an observation of the target. */
export const STOPPED_REASON = 'stopped';

/**
 * Probes a check once under one overall deadline (its `timeout`): resolving the name,
 * connecting, TLS, waiting for headers, following redirects and reading the body all share it,
 * and the result is `timeout` at the deadline whatever the probe is still waiting for. Always
 * resolves to a result: a target that fails in any way is `down` with a reason, never an exception.
 */
export async function runProbe(check: CheckConfig, options: RunProbeOptions): Promise<ProbeResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new ProbeDeadline(`no answer within ${check.timeoutMs} ms`)), check.timeoutMs);
  // Chained by hand rather than AbortSignal.any: the stop signal lives as long as the daemon.
  const onStop = () => controller.abort(new ProberStopping('prober stopping'));
  const stopSignal = options.stopSignal;
  if (stopSignal?.aborted) onStop();
  else if (stopSignal) onAbort(stopSignal, onStop);
  const kinds = options.kinds ?? PROBE_KINDS;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const context = {
      dispatcher: options.dispatcher,
      signal: controller.signal,
      ...(options.certificates ? { certificates: options.certificates } : {}),
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    };
    // The deadline ends the probe even when the kind has not noticed it yet (DNS, connect, TLS).
    const verdict = await untilAborted(kinds[check.kind](check, context), controller.signal);
    const latencyMs = elapsed();
    const aborted = abortReason(controller.signal);
    if (aborted) return aborted === 'timeout' ? { status: 'down', latencyMs: check.timeoutMs, reason: 'timeout' } : { status: 'down', latencyMs, reason: STOPPED_REASON };
    const certificate = verdict.certificateNotAfter === undefined ? {} : { certificateNotAfter: verdict.certificateNotAfter };
    if (!verdict.ok) return { status: 'down', latencyMs, reason: verdict.reason, ...certificate };
    if (check.slowAfterMs !== null && latencyMs > check.slowAfterMs) return { status: 'degraded', latencyMs, reason: 'slow', ...certificate };
    return { status: 'up', latencyMs, reason: null, ...certificate };
  } catch (error) {
    const aborted = abortReason(controller.signal);
    if (aborted === 'timeout') return { status: 'down', latencyMs: check.timeoutMs, reason: 'timeout' };
    if (aborted === 'stopped') return { status: 'down', latencyMs: elapsed(), reason: STOPPED_REASON };
    return { status: 'down', latencyMs: elapsed(), reason: failureReason(error) };
  } finally {
    clearTimeout(timer);
    if (stopSignal) offAbort(stopSignal, onStop);
  }
}

function abortReason(signal: AbortSignal): 'timeout' | 'stopped' | null {
  if (!signal.aborted) return null;
  return signal.reason instanceof ProberStopping ? 'stopped' : 'timeout';
}
