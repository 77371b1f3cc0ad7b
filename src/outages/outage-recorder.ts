import { and, eq, isNull } from 'drizzle-orm';
import type { Calendars } from '../config/calendars.ts';
import type { CheckConfig, Config, EnvironmentConfig } from '../config/types.ts';
import { carryIncidentsOverSync, noteOutageClosedSync, openIncidentSync, type IncidentNoticesSync } from '../incidents/incident-store.ts';
import type { CertificateNotices } from '../prober/certificate-watch.ts';
import { GAP_INTERVALS } from '../reports/monitoring-gaps.ts';
import { nominalIntervalMs } from '../schedule/nominal-interval.ts';
import type { Db } from '../store/database.ts';
import { outages, unmonitoredSpans } from '../store/schema/index.ts';
import type { DetectorEvent } from './detector.ts';
import { announcedMaintenanceAtSync } from './announced-maintenance.ts';
import { planIncident, type FailingCheck } from './incident-priority.ts';
import { handOverIncidentsSync, incidentOfSameFailureSync } from './same-failure.ts';
import { closeOutageSync, insertOutageSync } from './outage-store.ts';

// Writes what the detector decided for one check: outages opened, kept current and closed,
// unmonitored spans, and the incidents outages open (rule 8). Runs inside the prober's batch
// transaction, so results and the outages they imply are stored together or not at all.

export const PROBER_ACTOR = 'monitor';

export interface OutageRecorderDeps {
  readonly config: Config;
  readonly calendars: Calendars;
  /** Incident notices, and the outage alerts of the notification sink when it is wired (src/notify/events.ts). */
  readonly notices?: (IncidentNoticesSync & Partial<OutageNotices> & Partial<CertificateNotices>) | undefined;
  /** Every configured check with its environment, by check id. */
  readonly checks: ReadonlyMap<string, FailingCheck>;
}

/** Told after an outage row is opened or closed, in the same transaction; never throws. */
export interface OutageNotices {
  outageOpenedSync(tx: Db, event: { outageId: number }, now: number): void;
  outageClosedSync(tx: Db, event: { outageId: number }, now: number): void;
}

export function recordOutageEvents(tx: Db, deps: OutageRecorderDeps, check: CheckConfig, events: readonly DetectorEvent[], now: number): void {
  for (const event of events) {
    switch (event.type) {
      case 'outage_opened': {
        // The detector never opens twice, and a restart restores its open outage; this guard
        // keeps one open probe outage per check even if the state and the rows ever disagree.
        const open = openProbeOutage(tx, check.id);
        if (open) {
          tx.update(outages).set({ lastDownAt: event.lastDownAt }).where(eq(outages.id, open.id)).run();
          break;
        }
        const outageId = insertOutageSync(tx, {
          checkId: check.id,
          envId: check.environmentId,
          start: event.start,
          end: null,
          lastDownAt: event.lastDownAt,
          source: 'probe',
          reason: event.reason,
          createdBy: PROBER_ACTOR,
          createdAt: now,
        });
        deps.notices?.outageOpenedSync?.(tx, { outageId }, now);
        openIncidentSafely(tx, deps, check, outageId, event.reason, now);
        break;
      }
      case 'outage_continued':
        tx.update(outages)
          .set({ lastDownAt: event.lastDownAt })
          .where(and(eq(outages.checkId, check.id), isNull(outages.end), eq(outages.source, 'probe')))
          .run();
        break;
      case 'outage_closed': {
        const open = openProbeOutage(tx, check.id);
        if (!open) break;
        closeOutageSync(tx, open.id, { end: Math.max(event.end, open.start), closedReason: event.cause });
        handOverIncidentsSync(tx, deps.checks, check, { outageId: open.id, now, actor: PROBER_ACTOR });
        noteOutageClosedSync(tx, { outageId: open.id, end: event.end, now, actor: PROBER_ACTOR, cause: event.cause });
        deps.notices?.outageClosedSync?.(tx, { outageId: open.id }, now);
        break;
      }
      case 'unmonitored':
        tx.insert(unmonitoredSpans).values({ checkId: check.id, envId: check.environmentId, start: event.start, end: event.end }).run();
        break;
      case 'blip':
        // A blip is in the stored results themselves; it is not an outage (rule 4).
        break;
    }
  }
}

function openProbeOutage(tx: Db, checkId: string): { id: number; start: number } | undefined {
  return tx
    .select({ id: outages.id, start: outages.start })
    .from(outages)
    .where(and(eq(outages.checkId, checkId), isNull(outages.end), eq(outages.source, 'probe')))
    .get();
}

/**
 * An incident that cannot be opened (e.g. a deadline its calendar cannot reach) must not cost
 * the batch's results and outages: it is rolled back alone, in a savepoint, and logged.
 */
function openIncidentSafely(tx: Db, deps: OutageRecorderDeps, check: CheckConfig, outageId: number, reason: string | null, now: number): void {
  try {
    tx.transaction((savepoint) => openIncidentFor(savepoint, deps, check, outageId, reason, now));
  } catch (error) {
    console.error(`prober: incident for outage ${outageId} (${check.id}) not opened: ${(error as Error).message}`);
  }
}

function openIncidentFor(tx: Db, deps: OutageRecorderDeps, check: CheckConfig, outageId: number, reason: string | null, now: number): void {
  const failed = deps.checks.get(check.id);
  if (!failed) return;
  // The same failure seen again after a gap in monitoring keeps its incident.
  if (carryIncidentsOverSync(tx, { checkId: check.id, toOutageId: outageId, now, actor: PROBER_ACTOR }).length > 0) return;
  // Another check already sees the same failure: its incident covers this outage too.
  if (incidentOfSameFailureSync(tx, check) !== null) return;
  // Failing at once: other open outages, except probe outages the prober stopped seeing (an
  // open outage whose last down is more than 3 intervals old ends there, rule 4).
  const alsoFailing = tx
    .select({ checkId: outages.checkId, source: outages.source, lastDownAt: outages.lastDownAt })
    .from(outages)
    .where(isNull(outages.end))
    .all()
    .filter((row) => row.checkId !== check.id)
    .map((row) => ({ row, other: deps.checks.get(row.checkId) }))
    .filter(({ row, other }) => other !== undefined && !(row.source === 'probe' && row.lastDownAt !== null && now - row.lastDownAt > GAP_INTERVALS * nominalIntervalMs(other.check)))
    .map(({ other }) => other!);
  const plan = planIncident(deps.config, { ...failed, reason }, alsoFailing);
  if (!plan) return;
  // Down inside maintenance announced before it began (rule 5): support still gets its
  // incident, but the public reads "under maintenance", not a critical incident beside it.
  const start = tx.select({ start: outages.start }).from(outages).where(eq(outages.id, outageId)).get()?.start ?? now;
  const duringMaintenance = plan.environments.every((envId) => announcedMaintenanceAtSync(tx, envId, start) !== null);
  openIncidentSync(tx, {
    config: deps.config,
    calendars: deps.calendars,
    notices: deps.notices,
    actor: PROBER_ACTOR,
    now,
    title: plan.title,
    priority: plan.priority,
    environments: plan.environments,
    channel: 'monitor',
    public: plan.public && !duringMaintenance,
    outageId,
    checkId: check.id,
    feature: plan.feature,
  });
}

/** Every configured check with its environment, by id. */
export function indexChecks(config: Config): Map<string, { check: CheckConfig; environment: EnvironmentConfig }> {
  return new Map(config.environments.flatMap((environment) => environment.checks.map((check) => [check.id, { check, environment }] as const)));
}
