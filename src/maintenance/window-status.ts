import type { MaintenanceWindow, WindowVersion } from './window-store.ts';

export type WindowStatus = 'upcoming' | 'current' | 'past' | 'cancelled';

export function currentVersion(window: MaintenanceWindow): WindowVersion {
  const version = window.versions[window.versions.length - 1];
  if (!version) throw new Error(`maintenance window ${window.id} has no version`);
  return version;
}

/** Where a window stands at `now`, by its current times; a cancelled window is only that. */
export function windowStatus(window: MaintenanceWindow, now: number): WindowStatus {
  if (window.cancelledAt !== null) return 'cancelled';
  const { start, end } = currentVersion(window);
  if (now < start) return 'upcoming';
  return now < end ? 'current' : 'past';
}
