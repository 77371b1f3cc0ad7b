import type { Db } from '../store/database.ts';
import { loadWindows } from '../reports/sla-inputs.ts';
import { versionInForce, windowCoverage } from '../sla/maintenance-coverage.ts';

export interface AnnouncedMaintenance {
  readonly windowId: number;
  readonly noticeSentAt: number;
  readonly start: number;
  readonly end: number;
}

/**
 * The maintenance window of the environment in which an outage beginning at `start` falls,
 * announced before it began (rule 5's notice rule): such an outage is maintenance, not an
 * incident for the public. null when there is none.
 */
export function announcedMaintenanceAt(db: Db, envId: string, start: number): AnnouncedMaintenance | null {
  for (const window of loadWindows(db, { start, end: start + 1 })) {
    if (!window.environmentIds.includes(envId)) continue;
    const covered = windowCoverage(window, start);
    const inForce = versionInForce(window, start);
    if (covered && inForce && covered.start <= start && start < covered.end) {
      return { windowId: Number(window.id), noticeSentAt: inForce.noticeSentAt, start: covered.start, end: covered.end };
    }
  }
  return null;
}
