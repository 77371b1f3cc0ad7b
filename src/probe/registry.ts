import type { CheckConfig } from '../config/types.ts';
import { httpProbe } from './http-probe.ts';
import { tcpProbe } from './tcp-probe.ts';
import type { ProbeKind } from './types.ts';

/** The probe kinds, by the `kind` the configuration gives a check: the only place naming them. */
export const PROBE_KINDS: Readonly<Record<CheckConfig['kind'], ProbeKind>> = Object.freeze({
  http: httpProbe,
  tcp: tcpProbe,
});
