import { GAP_INTERVALS } from '../../reports/monitoring-gaps.ts';
import type { CheckState } from './types.ts';

export interface CheckReading {
  state: CheckState;
  latencyMs: number | null;
  checkedAt: number | null;
}

type LastResult = { at: number; status: 'up' | 'degraded' | 'down'; latencyMs: number | null };

/**
 * The state of one check as the public sees it, from the latest result of each location that
 * probes it and the check's open outages (docs/locations.md, "What clients see"):
 * - down while an outage is open (rule 4: only a confirmed outage is "down"; with several
 *   locations, only the quorum's);
 * - otherwise the newest answer (up or degraded) among the locations still reporting, with its
 *   latency; downs read as degraded only when every location still reporting sees the check
 *   down (not yet confirmed), since one location's downs alone may be its own failure;
 * - unknown when no location has reported for longer than 3 intervals, as the report does.
 * `checkedAt` is the newest result of any location. With the one implicit location this is
 * the single daemon's rule: its last result, a down not yet confirmed reading as degraded.
 * Also the outage that makes it down, else the first one open.
 */
export function readingOf<O extends { source: 'probe' | 'manual' }>(
  latest: readonly LastResult[],
  open: readonly O[],
  now: number,
  intervalMs: number,
): { reading: CheckReading; outage: O | null } {
  const reporting = latest.filter((result) => now - result.at <= GAP_INTERVALS * intervalMs);
  const checkedAt = latest.reduce<number | null>((newest, result) => (newest === null || result.at > newest ? result.at : newest), null);
  // A manual outage is known to be ongoing without any probe; one the prober or the quorum
  // opened is only as current as the latest result.
  const downBecause = open.find((outage) => outage.source === 'manual' || reporting.length > 0) ?? null;
  const outage = downBecause ?? open[0] ?? null;
  if (downBecause) return { reading: { state: 'down', latencyMs: null, checkedAt }, outage };
  if (reporting.length === 0) return { reading: { state: 'unknown', latencyMs: null, checkedAt }, outage };
  let answer: LastResult | null = null;
  for (const result of reporting) if (result.status !== 'down' && (!answer || result.at > answer.at)) answer = result;
  if (!answer) return { reading: { state: 'degraded', latencyMs: null, checkedAt }, outage };
  return { reading: { state: answer.status, latencyMs: answer.latencyMs, checkedAt }, outage };
}
