import type { Dispatcher } from 'undici';
import type { CheckConfig } from '../config/types.ts';
import type { CertificateLookup } from './certificate-log.ts';
import { failureReason } from './failure-reason.ts';
import { PROBE_KINDS } from './registry.ts';
import { ProbeAbort } from './probe-abort.ts';
import type { ProbeKind, ProbeResult, Verdict } from './types.ts';
import { offAbort, onAbort } from './abort-fanout.ts';

/** Why a probe was aborted: its own deadline, or the prober shutting down. */
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
 *
 * The first of three ends the probe: the kind's verdict (or failure), the deadline, the prober
 * stopping. The deadline does not depend on the kind noticing its abort: undici only acts on an
 * aborted request once its connection is up, so a connect to a host that drops SYNs, or a TLS
 * handshake the server never answers, would otherwise outlive the deadline by minutes. The kind
 * is told to let go (ProbeAbort) and its late outcome is ignored.
 */
export function runProbe(check: CheckConfig, options: RunProbeOptions): Promise<ProbeResult> {
  const kinds = options.kinds ?? PROBE_KINDS;
  const stopSignal = options.stopSignal;
  const abort = new ProbeAbort();
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise<ProbeResult>((resolve) => {
    let over = false;
    const end = (result: ProbeResult) => {
      if (over) return;
      over = true;
      clearTimeout(timer);
      if (stopSignal) offAbort(stopSignal, onStop);
      resolve(result);
    };
    const timer = setTimeout(() => {
      end({ status: 'down', latencyMs: check.timeoutMs, reason: 'timeout' });
      abort.abort(new ProbeDeadline(`no answer within ${check.timeoutMs} ms`));
    }, check.timeoutMs);
    // Listened to through one listener for all probes (abort-fanout.ts): the stop signal lives as long as the daemon.
    const onStop = () => {
      end({ status: 'down', latencyMs: elapsed(), reason: STOPPED_REASON });
      abort.abort(new ProberStopping('prober stopping'));
    };
    if (stopSignal?.aborted) return onStop();
    if (stopSignal) onAbort(stopSignal, onStop);
    const context = {
      dispatcher: options.dispatcher,
      abort,
      ...(options.certificates ? { certificates: options.certificates } : {}),
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    };
    let verdict: Promise<Verdict>;
    try {
      verdict = kinds[check.kind](check, context);
    } catch (error) {
      verdict = Promise.reject(error);
    }
    verdict.then(
      (seen) => end(resultOf(check, seen, elapsed())),
      (error: unknown) => end({ status: 'down', latencyMs: elapsed(), reason: failureReason(error) }),
    );
  });
}

/** What a verdict makes of the probe: down with its reason, degraded past `slowAfter`, else up. */
function resultOf(check: CheckConfig, verdict: Verdict, latencyMs: number): ProbeResult {
  const certificate = verdict.certificateNotAfter === undefined ? {} : { certificateNotAfter: verdict.certificateNotAfter };
  if (!verdict.ok) return { status: 'down', latencyMs, reason: verdict.reason, ...certificate };
  if (check.slowAfterMs !== null && latencyMs > check.slowAfterMs) return { status: 'degraded', latencyMs, reason: 'slow', ...certificate };
  return { status: 'up', latencyMs, reason: null, ...certificate };
}
