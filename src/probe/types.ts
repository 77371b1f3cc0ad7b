import type { Dispatcher } from 'undici';
import type { CheckConfig } from '../config/types.ts';
import type { CertificateLookup } from './certificate-log.ts';
import type { ProbeStatus } from '../outages/detector.ts';
import type { ProbeAbort } from './probe-abort.ts';

/** What one probe of one check observed (rule "Probe result"): never an exception. */
export interface ProbeResult {
  readonly status: ProbeStatus;
  /** Time from sending to having seen what the check needs; for a timeout, the deadline. */
  readonly latencyMs: number;
  /** Short code of why it was down or degraded (`refused`, `status 503`, `slow`…); null when up. */
  readonly reason: string | null;
  /** https: notAfter (epoch ms) of the certificate the target presented; absent when none was seen. */
  readonly certificateNotAfter?: number;
}

/** What a probe kind decides; network failures are thrown and classified by `runProbe`. */
export type Verdict = ({ readonly ok: true } | { readonly ok: false; readonly reason: string }) & { readonly certificateNotAfter?: number };

export interface ProbeContext {
  /** The keep-alive agent shared by every check. */
  readonly dispatcher: Dispatcher;
  /** Aborted at the check's deadline (or when the prober stops): the kind lets go of what it waits on. */
  readonly abort: ProbeAbort;
  /** The certificates the dispatcher's TLS handshakes saw, by origin (absent: not watched). */
  readonly certificates?: CertificateLookup;
  /** The local address a connection leaves from (HTTP takes it from the dispatcher); absent: the system's choice. */
  readonly localAddress?: string | undefined;
}

/** One kind of probe (HTTP, TCP): one file each, named in `registry.ts`. */
export type ProbeKind = (check: CheckConfig, context: ProbeContext) => Promise<Verdict>;
