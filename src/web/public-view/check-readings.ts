import { GAP_INTERVALS } from '../../reports/monitoring-gaps.ts';
import type { CheckState } from './types.ts';

export interface CheckReading {
  state: CheckState;
  latencyMs: number | null;
  checkedAt: number | null;
}

type LastResult = { at: number; status: 'up' | 'degraded' | 'down'; latencyMs: number | null } | null;

/**
 * The state of one check as the public sees it, from its last result and its open outages:
 * down while an outage is open (rule 4: only a confirmed outage is "down"; downs not yet
 * confirmed read as degraded), otherwise its last result; unknown when nothing was observed for
 * longer than 3 intervals, as the report does. Also the outage that makes it down, else the
 * first one open.
 */
export function readingOf<O extends { source: 'probe' | 'manual' }>(last: LastResult, open: readonly O[], now: number, intervalMs: number): { reading: CheckReading; outage: O | null } {
  const stale = !last || now - last.at > GAP_INTERVALS * intervalMs;
  // A manual outage is known to be ongoing without any probe; one the prober opened is only
  // as current as its last result.
  const downBecause = open.find((outage) => outage.source === 'manual' || !stale) ?? null;
  const outage = downBecause ?? open[0] ?? null;
  if (downBecause) return { reading: { state: 'down', latencyMs: null, checkedAt: last?.at ?? null }, outage };
  if (!last || stale) return { reading: { state: 'unknown', latencyMs: null, checkedAt: last?.at ?? null }, outage };
  if (last.status === 'down') return { reading: { state: 'degraded', latencyMs: null, checkedAt: last.at }, outage };
  return { reading: { state: last.status, latencyMs: last.latencyMs, checkedAt: last.at }, outage };
}
