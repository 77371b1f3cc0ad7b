import type { EnvironmentConfig } from '../../config/types.ts';
import { currentVersion } from '../../maintenance/window-status.ts';
import type { MaintenanceWindow } from '../../maintenance/window-store.ts';
import type { PublicWindow } from './types.ts';

/** How many windows the feed and the Statuspage documents list, as Statuspage does. */
export const LATEST_WINDOWS = 50;

/**
 * The windows the public is told about: those naming a public environment (only those names
 * are shown), by their current times. A window cancelled before it began is "cancelled" (the
 * page no longer lists it; the feed and the documents keep it, as cancelled); one cancelled
 * while in progress ended at its cancellation.
 */
export function publicWindows(windows: readonly MaintenanceWindow[], environments: readonly EnvironmentConfig[], now: number) {
  const names = new Map(environments.map((environment) => [environment.id, environment.name]));
  const current: PublicWindow[] = [];
  const upcoming: PublicWindow[] = [];
  const latest: PublicWindow[] = [];
  for (const window of windows) {
    const shown = window.environmentIds.filter((id) => names.has(id)).map((id) => ({ id, name: names.get(id)! }));
    if (shown.length === 0) continue;
    const version = currentVersion(window);
    const withdrawn = window.cancelledAt !== null && window.cancelledAt <= version.start;
    const end = window.cancelledAt === null || withdrawn ? version.end : Math.min(version.end, window.cancelledAt);
    const status: PublicWindow['status'] = withdrawn ? 'cancelled' : now < version.start ? 'upcoming' : now < end ? 'current' : 'past';
    const view: PublicWindow = {
      id: window.id,
      environments: shown,
      start: version.start,
      end,
      impact: window.impact,
      status,
      noticeSentAt: version.noticeSentAt,
      createdAt: window.createdAt,
      updatedAt: Math.max(version.recordedAt, window.cancelledAt ?? 0),
      cancelledAt: window.cancelledAt,
    };
    if (status === 'upcoming') upcoming.push(view);
    else if (status === 'current') current.push(view);
    latest.push(view);
  }
  const soonest = (a: PublicWindow, b: PublicWindow) => a.start - b.start || a.id - b.id;
  return {
    current: current.sort(soonest),
    upcoming: upcoming.sort(soonest),
    latest: latest.sort((a, b) => b.start - a.start || b.id - a.id).slice(0, LATEST_WINDOWS),
  };
}
