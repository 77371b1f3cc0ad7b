import { toIso, toIsoOrNull } from '../time/iso.ts';
import { currentVersion, windowStatus } from './window-status.ts';
import type { MaintenanceWindow } from './window-store.ts';

/** A window as the API and the CLI show it to an authenticated reader: current times and every version. */
export function windowView(window: MaintenanceWindow, now: number) {
  const current = currentVersion(window);
  return {
    id: window.id,
    environments: window.environmentIds,
    start: toIso(current.start),
    end: toIso(current.end),
    durationMs: current.end - current.start,
    impact: window.impact,
    status: windowStatus(window, now),
    noticeSentAt: toIsoOrNull(current.noticeSentAt),
    noticeStatus: noticeStatus(current.noticeSentAt),
    noticeRef: current.noticeRef,
    recordedAt: toIso(current.recordedAt),
    recordedBy: current.recordedBy,
    createdAt: toIso(window.createdAt),
    createdBy: window.createdBy,
    cancelledAt: toIsoOrNull(window.cancelledAt),
    cancelledBy: window.cancelledBy,
    cancelReason: window.cancelReason,
    versions: window.versions.map((version) => ({
      start: toIso(version.start),
      end: toIso(version.end),
      noticeSentAt: toIsoOrNull(version.noticeSentAt),
      noticeStatus: noticeStatus(version.noticeSentAt),
      noticeRef: version.noticeRef,
      recordedAt: toIso(version.recordedAt),
      recordedBy: version.recordedBy,
      changeReason: version.changeReason,
    })),
  };
}

/**
 * What anyone may see (rule 9): a window of the public environments as the status page
 * announces it, without who recorded it, notice references or private environment ids.
 */
export function publicWindowView(window: MaintenanceWindow, now: number, publicEnvironmentIds: ReadonlySet<string>) {
  const current = currentVersion(window);
  return {
    id: window.id,
    environments: window.environmentIds.filter((id) => publicEnvironmentIds.has(id)),
    start: toIso(current.start),
    end: toIso(current.end),
    durationMs: current.end - current.start,
    impact: window.impact,
    status: windowStatus(window, now),
    cancelledAt: toIsoOrNull(window.cancelledAt),
  };
}

/** `pending` while veille is still e-mailing the notice of that version. */
function noticeStatus(noticeSentAt: number | null): 'pending' | 'sent' {
  return noticeSentAt === null ? 'pending' : 'sent';
}
