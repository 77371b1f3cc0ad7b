import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Config } from '../config/types.ts';
import { noteOutageClosed } from '../incidents/incident-store.ts';
import { PROBER_ACTOR } from '../outages/outage-recorder.ts';
import { closeOutage, type OutageNotices } from '../outages/outage-store.ts';
import type { Store } from '../store/store.ts';

/**
 * Probe outages still open for checks the configuration no longer has: nothing will ever
 * probe them again, so they end at their last down (rule 4: counted only up to what was seen).
 * One store transaction, with the notes on their incidents and the team's alerts; returns how
 * many were closed.
 */
export function closeOutagesOfRemovedChecks(store: Store, config: Config, now: number, notices?: Partial<OutageNotices>): Promise<number> {
  const configured = new Set(config.environments.flatMap((environment) => environment.checks.map((check) => check.id)));
  return store.transaction(async (tx) => {
    const { outages } = tx.t;
    const open = await tx.db
      .select({ id: outages.id, checkId: outages.checkId, start: outages.start, lastDownAt: outages.lastDownAt })
      .from(outages)
      .where(and(isNull(outages.end), eq(outages.source, 'probe')))
      .orderBy(asc(outages.id));
    const orphans = open.filter((row) => !configured.has(row.checkId));
    for (const orphan of orphans) {
      const end = orphan.lastDownAt ?? orphan.start;
      await closeOutage(tx, orphan.id, { end, closedReason: 'check_removed' });
      await noteOutageClosed(tx, { outageId: orphan.id, end, now, actor: PROBER_ACTOR });
      await notices?.outageClosed?.(tx, { outageId: orphan.id }, now);
    }
    return orphans.length;
  });
}
