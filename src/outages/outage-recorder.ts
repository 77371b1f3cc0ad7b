import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Calendars } from '../config/calendars.ts';
import type { CheckConfig, Config, EnvironmentConfig } from '../config/types.ts';
import { carryIncidentsOver, noteOutageClosed, openIncident, type IncidentNotices } from '../incidents/incident-store.ts';
import type { CertificateNotices } from '../prober/certificate-watch.ts';
import { GAP_INTERVALS } from '../reports/monitoring-gaps.ts';
import { nominalIntervalMs } from '../schedule/nominal-interval.ts';
import type { StoreTx } from '../store/store.ts';
import type { DetectorEvent } from './detector.ts';
import { announcedMaintenanceAt } from './announced-maintenance.ts';
import { planIncident, type FailingCheck } from './incident-priority.ts';
import { handOverIncidents, incidentOfSameFailure } from './same-failure.ts';
import { closeOutage, insertOutage, type OutageNotices } from './outage-store.ts';

// Writes what the detector decided for one check: outages opened, kept current and closed,
// unmonitored spans, and the incidents outages open (rule 8). Runs inside the prober's batch
// transaction, so results and the outages they imply are stored together or not at all. Written
// once for SQLite and PostgreSQL: both result sinks call it (src/prober/result-sink.ts).

export const PROBER_ACTOR = 'monitor';

export interface OutageRecorderDeps {
  readonly config: Config;
  readonly calendars: Calendars;
  /** Incident notices, and the outage and certificate alerts of the notification sink when it is wired (src/notify/events.ts). */
  readonly notices?: (IncidentNotices & Partial<OutageNotices> & Partial<CertificateNotices>) | undefined;
  /** Every configured check with its environment, by check id. */
  readonly checks: ReadonlyMap<string, FailingCheck>;
}

/** Writes what the detector decided for one check, in the batch's transaction. */
export type OutageEventsWriter = (tx: StoreTx, check: CheckConfig, events: readonly DetectorEvent[], now: number) => Promise<void>;

/** The recorder with its dependencies, as the result sinks call it. */
export function outageRecorder(deps: OutageRecorderDeps): OutageEventsWriter {
  return (tx, check, events, now) => recordOutageEvents(tx, deps, check, events, now);
}

export async function recordOutageEvents(tx: StoreTx, deps: OutageRecorderDeps, check: CheckConfig, events: readonly DetectorEvent[], now: number): Promise<void> {
  const { db, t } = tx;
  for (const event of events) {
    switch (event.type) {
      case 'outage_opened': {
        // The detector never opens twice, and a restart restores its open outage; this guard
        // keeps one open probe outage per check even if the state and the rows ever disagree.
        const open = await openProbeOutage(tx, check.id);
        if (open) {
          await db.update(t.outages).set({ lastDownAt: event.lastDownAt }).where(eq(t.outages.id, open.id));
          break;
        }
        const outageId = await insertOutage(tx, {
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
        await deps.notices?.outageOpened?.(tx, { outageId }, now);
        await openIncidentSafely(tx, deps, check, outageId, event.reason, now);
        break;
      }
      case 'outage_continued':
        await db
          .update(t.outages)
          .set({ lastDownAt: event.lastDownAt })
          .where(and(eq(t.outages.checkId, check.id), isNull(t.outages.end), eq(t.outages.source, 'probe')));
        break;
      case 'outage_closed': {
        const open = await openProbeOutage(tx, check.id);
        if (!open) break;
        await closeOutage(tx, open.id, { end: Math.max(event.end, open.start), closedReason: event.cause });
        await handOverIncidents(tx, deps.checks, check, { outageId: open.id, now, actor: PROBER_ACTOR });
        await noteOutageClosed(tx, { outageId: open.id, end: event.end, now, actor: PROBER_ACTOR, cause: event.cause });
        await deps.notices?.outageClosed?.(tx, { outageId: open.id }, now);
        break;
      }
      case 'unmonitored':
        await db.insert(t.unmonitoredSpans).values({ checkId: check.id, envId: check.environmentId, start: event.start, end: event.end });
        break;
      case 'blip':
        // A blip is in the stored results themselves; it is not an outage (rule 4).
        break;
    }
  }
}

/** The probe outages still open of the given checks (at most one each: the recorder keeps it so). */
const openProbeOutagesOf = (t: StoreTx['t'], checkIds: readonly string[]) => and(inArray(t.outages.checkId, checkIds), isNull(t.outages.end), eq(t.outages.source, 'probe'));

/** The probe outage still open for the check, if any (at most one: the recorder keeps it so). */
export async function openProbeOutage({ db, t }: StoreTx, checkId: string): Promise<{ id: number; start: number } | undefined> {
  const [row] = await db.select({ id: t.outages.id, start: t.outages.start }).from(t.outages).where(openProbeOutagesOf(t, [checkId])).limit(1);
  return row;
}

/** Which of the given checks have a probe outage open, in one query (up to 1,000 checks at a time). */
export async function checksWithOpenProbeOutage({ db, t }: StoreTx, checkIds: readonly string[]): Promise<Set<string>> {
  const rows = await db.select({ checkId: t.outages.checkId }).from(t.outages).where(openProbeOutagesOf(t, checkIds));
  return new Set(rows.map((row) => row.checkId));
}

/**
 * An incident that cannot be opened (e.g. a deadline its calendar cannot reach) must not cost
 * the batch's results and outages: it is rolled back alone, in a savepoint, and logged.
 */
async function openIncidentSafely(tx: StoreTx, deps: OutageRecorderDeps, check: CheckConfig, outageId: number, reason: string | null, now: number): Promise<void> {
  try {
    await tx.savepoint((savepoint) => openIncidentFor(savepoint, deps, check, outageId, reason, now));
  } catch (error) {
    console.error(`prober: incident for outage ${outageId} (${check.id}) not opened: ${(error as Error).message}`);
  }
}

async function openIncidentFor(tx: StoreTx, deps: OutageRecorderDeps, check: CheckConfig, outageId: number, reason: string | null, now: number): Promise<void> {
  const failed = deps.checks.get(check.id);
  if (!failed) return;
  // The same failure seen again after a gap in monitoring keeps its incident.
  if ((await carryIncidentsOver(tx, { checkId: check.id, toOutageId: outageId, now, actor: PROBER_ACTOR })).length > 0) return;
  // Another check already sees the same failure: its incident covers this outage too.
  if ((await incidentOfSameFailure(tx, check)) !== null) return;
  const { db, t } = tx;
  // Failing at once: other open outages, except probe outages the prober stopped seeing (an
  // open outage whose last down is more than 3 intervals old ends there, rule 4).
  const alsoFailing = (await db.select({ checkId: t.outages.checkId, source: t.outages.source, lastDownAt: t.outages.lastDownAt }).from(t.outages).where(isNull(t.outages.end)))
    .filter((row) => row.checkId !== check.id)
    .map((row) => ({ row, other: deps.checks.get(row.checkId) }))
    .filter(({ row, other }) => other !== undefined && !(row.source === 'probe' && row.lastDownAt !== null && now - row.lastDownAt > GAP_INTERVALS * nominalIntervalMs(other.check)))
    .map(({ other }) => other!);
  const plan = planIncident(deps.config, { ...failed, reason }, alsoFailing);
  if (!plan) return;
  // Down inside maintenance announced before it began (rule 5): support still gets its
  // incident, but the public reads "under maintenance", not a critical incident beside it.
  const [opened] = await db.select({ start: t.outages.start }).from(t.outages).where(eq(t.outages.id, outageId));
  const start = opened?.start ?? now;
  let duringMaintenance = true;
  for (const envId of plan.environments) {
    if ((await announcedMaintenanceAt(tx, envId, start)) === null) {
      duringMaintenance = false;
      break;
    }
  }
  await openIncident(tx, {
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
