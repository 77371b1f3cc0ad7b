import { and, eq, isNull } from 'drizzle-orm';
import type { Config } from '../config/types.ts';
import { noteOutageClosedSync } from '../incidents/incident-store.ts';
import { PROBER_ACTOR, type OutageRecorderDeps } from '../outages/outage-recorder.ts';
import { closeOutageSync } from '../outages/outage-store.ts';
import type { Db } from '../store/database.ts';
import { outages } from '../store/schema/index.ts';

/**
 * Probe outages still open for checks the configuration no longer has: nothing will ever
 * probe them again, so they end at their last down (rule 4: counted only up to what was seen).
 */
export function closeOutagesOfRemovedChecks(db: Db, config: Config, now: number, notices?: OutageRecorderDeps['notices']): number {
  const configured = new Set(config.environments.flatMap((environment) => environment.checks.map((check) => check.id)));
  return db.transaction((tx) => {
    const orphans = tx
      .select({ id: outages.id, checkId: outages.checkId, start: outages.start, lastDownAt: outages.lastDownAt })
      .from(outages)
      .where(and(isNull(outages.end), eq(outages.source, 'probe')))
      .all()
      .filter((row) => !configured.has(row.checkId));
    for (const orphan of orphans) {
      const end = orphan.lastDownAt ?? orphan.start;
      closeOutageSync(tx, orphan.id, { end, closedReason: 'check_removed' });
      noteOutageClosedSync(tx, { outageId: orphan.id, end, now, actor: PROBER_ACTOR });
      notices?.outageClosedSync?.(tx, { outageId: orphan.id }, now);
    }
    return orphans.length;
  });
}
