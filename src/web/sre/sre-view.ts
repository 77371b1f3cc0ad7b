import type { Config } from '../../config/types.ts';
import { exclusionsOf } from '../../exclusions/exclusion-store.ts';
import { currentVersion, windowStatus } from '../../maintenance/window-status.ts';
import { allWindows } from '../../maintenance/window-store.ts';
import { outagesBetween } from '../../outages/outage-store.ts';
import type { Db } from '../../store/database.ts';
import type { SreOutage, SreWindow } from '../../../status-page/pages/sre-page.tsx';

const OUTAGE_DAYS_MS = 30 * 86_400_000;

/** What the SRE page lists: windows still to come or running, and the last 30 days' outages. */
export function sreView(deps: { db: Db; config: Config }, now: number): { windows: SreWindow[]; outages: SreOutage[] } {
  const windows = allWindows(deps.db)
    .filter((window) => {
      const status = windowStatus(window, now);
      return status === 'upcoming' || status === 'current';
    })
    .map((window) => {
      const version = currentVersion(window);
      return { id: window.id, environments: [...window.environmentIds], start: version.start, end: version.end, impact: window.impact, status: windowStatus(window, now) };
    })
    .sort((a, b) => a.start - b.start);
  const outages = outagesBetween(deps.db, { from: now - OUTAGE_DAYS_MS, to: now + 1 }).reverse();
  const exclusions = exclusionsOf(deps.db, outages.map((outage) => outage.id));
  return {
    windows,
    outages: outages.map((outage) => ({
      id: outage.id,
      environment: outage.envId,
      checkId: outage.checkId,
      start: outage.start,
      end: outage.end,
      source: outage.source,
      exclusions: exclusions.filter((exclusion) => exclusion.outageId === outage.id).map((exclusion) => ({ reason: exclusion.reason, revoked: exclusion.revokedAt !== null })),
    })),
  };
}
