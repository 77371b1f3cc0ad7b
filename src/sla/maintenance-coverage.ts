// Which instants maintenance windows exclude from one outage (rule 5).
//
// The notice rule looks at the outage's own start: a window excludes nothing from an outage
// that began before its notice. Of a window's versions, the one that counts is the one whose
// notice had been sent when the outage began; a later move, shortening or cancellation can
// only shrink that, never widen it.
import { normalize, type Interval } from '../time/interval.ts';
import type { SlaWindow, SlaWindowVersion } from './types.ts';

/** The version announced before `outageStart`: the latest recorded with noticeSentAt < outageStart. */
export function versionInForce(window: SlaWindow, outageStart: number): SlaWindowVersion | null {
  for (let k = window.versions.length - 1; k >= 0; k--) {
    const version = window.versions[k]!;
    if (version.noticeSentAt < outageStart) return version;
  }
  return null;
}

/** The part of one window that excludes downtime of an outage that began at `outageStart`. */
export function windowCoverage(window: SlaWindow, outageStart: number): Interval | null {
  const inForce = versionInForce(window, outageStart);
  const current = window.versions[window.versions.length - 1];
  if (!inForce || !current) return null;
  const start = Math.max(inForce.start, current.start);
  // Cancelling ends the window at the cancellation instant.
  const end = Math.min(inForce.end, current.end, window.cancelledAt ?? Infinity);
  return start < end ? { start, end } : null;
}

/** Union of the coverage of every window (all assumed to name the outage's environment). */
export function maintenanceCoverage(windows: readonly SlaWindow[], outageStart: number): Interval[] {
  const covered: Interval[] = [];
  for (const window of windows) {
    const part = windowCoverage(window, outageStart);
    if (part) covered.push(part);
  }
  return normalize(covered);
}

/** The windows naming each environment, indexed once for a whole report. */
export function windowsByEnvironment(windows: readonly SlaWindow[]): Map<string, SlaWindow[]> {
  const index = new Map<string, SlaWindow[]>();
  windows.forEach((window, k) => {
    if (window.versions.length === 0) throw new Error(`windows[${k}] (id ${String(window.id)}).versions: a window needs at least one version`);
    for (const id of new Set(window.environmentIds)) {
      const list = index.get(id);
      if (list) list.push(window);
      else index.set(id, [window]);
    }
  });
  return index;
}
