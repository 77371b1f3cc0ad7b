import type { AnyDialect } from '../store/any-dialect.ts';
import { reportReads } from '../store/report-reads.ts';
import { readWindows } from '../reports/sla-inputs.ts';
import { versionInForce, windowCoverage } from '../sla/maintenance-coverage.ts';
import type { SlaWindow } from '../sla/types.ts';

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
export async function announcedMaintenanceAt(dialect: AnyDialect, envId: string, start: number): Promise<AnnouncedMaintenance | null> {
  return announcedAmong(await readWindows(reportReads(dialect), { start, end: start + 1 }), envId, start);
}

function announcedAmong(windows: readonly SlaWindow[], envId: string, start: number): AnnouncedMaintenance | null {
  for (const window of windows) {
    if (!window.environmentIds.includes(envId)) continue;
    const covered = windowCoverage(window, start);
    const inForce = versionInForce(window, start);
    if (covered && inForce && covered.start <= start && start < covered.end) {
      return { windowId: Number(window.id), noticeSentAt: inForce.noticeSentAt, start: covered.start, end: covered.end };
    }
  }
  return null;
}
