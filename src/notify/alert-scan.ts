import { asc, inArray, isNull } from 'drizzle-orm';
import type { Calendars } from '../config/calendars.ts';
import type { Config } from '../config/types.ts';
import { allWindows } from '../maintenance/window-store.ts';
import { readMonthlyReport } from '../reports/monthly-report.ts';
import { reportReads } from '../store/report-reads.ts';
import type { Store } from '../store/store.ts';
import { thresholdsReached } from './budget-watch.ts';
import { deadlineState, runningClocks } from './deadline-watch.ts';
import { enqueueDeliveries, recordEvent } from './event-store.ts';
import { loadIncident } from './incident-facts.ts';
import { queueReminder } from './maintenance-notices.ts';
import { alertTeam, teamDeliveries } from './team-fanout.ts';
import { budgetAlert, deadlineAlert } from './templates/team-alerts.ts';

// Transitions nobody reports as they happen, found by looking: deadlines coming and going,
// budget thresholds passed, maintenance about to start. Each found transition is recorded under
// its unique key, so looking again (or after a restart) tells nothing twice.

export interface ScanDeps {
  /** What the scans read and write, whichever database holds it. */
  readonly store: Store;
  readonly config: Config;
  readonly calendars: Calendars;
}

/**
 * Near and missed deadlines of incidents still open, written once for SQLite and PostgreSQL:
 * each alert recorded and queued in a store transaction. Returns how many alerts were queued.
 */
export async function scanDeadlines(deps: ScanDeps, now: number): Promise<number> {
  const { store } = deps;
  const open = await store.db.select({ id: store.t.incidents.id }).from(store.t.incidents).where(isNull(store.t.incidents.resolvedAt)).orderBy(asc(store.t.incidents.id));
  let queued = 0;
  for (const { id } of open) {
    const incident = await loadIncident(store, deps.config, id);
    if (!incident) continue;
    const zone = deps.calendars.byName(incident.row.calendar in deps.config.calendars ? incident.row.calendar : 'default').timeZone;
    for (const clock of runningClocks(incident.row)) {
      const state = deadlineState(clock.dueAt, now, deps.config.notifications.deadlineWarningMs);
      if (!state) continue;
      const told = await store.transaction((tx) =>
        alertTeam(
          tx,
          deps.config,
          {
            key: `deadline-${state}:${incident.id}:${clock.clock}:${clock.dueAt}`,
            kind: state === 'near' ? 'deadline_near' : 'deadline_missed',
            envId: incident.environmentIds[0] ?? null,
            subject: `incident:${incident.id}`,
            occurredAt: state === 'near' ? now : clock.dueAt,
            details: { clock: clock.clock, dueAt: new Date(clock.dueAt).toISOString(), priority: incident.priority },
          },
          incident.environmentIds,
          deadlineAlert({ incident, clock: clock.clock, state, dueAt: clock.dueAt, now, zone }),
          now,
        ),
      );
      if (told) queued++;
    }
  }
  return queued;
}

/**
 * Budget thresholds of the month in progress. Several thresholds passed at once (e.g. a long
 * outage, or the first scan) are all recorded, and only the highest is told. Written once for
 * SQLite and PostgreSQL: the report through the store's reads, each environment's events and
 * alert in one store transaction.
 */
export async function scanBudgets(deps: ScanDeps, now: number): Promise<number> {
  const month = deps.calendars.default.monthOf(now);
  const report = await readMonthlyReport(reportReads(deps.store), deps, { month, now, publicOnly: false });
  let queued = 0;
  for (const figure of report.environments) {
    const reached = thresholdsReached(figure.downtimeMs, figure.budgetMs);
    if (reached.length === 0) continue;
    const told = await deps.store.transaction(async (tx) => {
      const fresh: { id: number; threshold: number }[] = [];
      for (const threshold of reached) {
        const id = await recordEvent(
          tx,
          {
            key: `budget:${figure.id}:${month}:${threshold}`,
            kind: 'budget_threshold',
            envId: figure.id,
            subject: `environment:${figure.id}`,
            occurredAt: now,
            details: { month, threshold, downtimeMs: figure.downtimeMs, budgetMs: figure.budgetMs },
          },
          now,
        );
        if (id !== null) fresh.push({ id, threshold });
      }
      const highest = fresh[fresh.length - 1];
      if (!highest) return false;
      const message = budgetAlert({ environment: figure, month, threshold: highest.threshold, downtimeMs: figure.downtimeMs, budgetMs: figure.budgetMs });
      const event = { key: `budget:${figure.id}:${month}:${highest.threshold}`, kind: 'budget_threshold' as const, subject: `environment:${figure.id}`, occurredAt: now };
      await enqueueDeliveries(tx, highest.id, teamDeliveries(deps.config, event, [figure.id], message), now);
      return true;
    });
    if (told) queued++;
  }
  return queued;
}

/**
 * Reminders to clients before a window veille gave notice of. Not when the notice itself went
 * out inside the reminder period: the notice is then its own reminder.
 */
export async function scanReminders(deps: ScanDeps, now: number): Promise<number> {
  const lead = deps.config.notifications.reminderBeforeMs;
  if (lead === null) return 0;
  const { store } = deps;
  const candidates = (await allWindows(store)).flatMap((window) => {
    const current = window.versions[window.versions.length - 1];
    return window.cancelledAt === null && current && now < current.start && now >= current.start - lead ? [{ window, current }] : [];
  });
  if (candidates.length === 0) return 0;
  const noticeKeys = candidates.map(({ current }) => `window-notice:${current.id}`);
  const events = store.t.notificationEvents;
  const noticedAt = new Map(
    (await store.db.select({ key: events.key, createdAt: events.createdAt }).from(events).where(inArray(events.key, noticeKeys))).map((row) => [row.key, row.createdAt]),
  );
  let queued = 0;
  for (const { window, current } of candidates) {
    const queuedAt = noticedAt.get(`window-notice:${current.id}`);
    if (queuedAt === undefined || queuedAt >= current.start - lead) continue;
    if (await store.transaction((tx) => queueReminder(tx, deps, window, current, now))) queued++;
  }
  return queued;
}

/** Every scan that has someone to tell: team alerts need a channel, reminders need SMTP. */
export async function scanAlerts(deps: ScanDeps, now: number): Promise<{ deadlines: number; budgets: number; reminders: number }> {
  const team = Object.keys(deps.config.notifications.channels).length > 0;
  return {
    deadlines: team ? await scanDeadlines(deps, now) : 0,
    reminders: deps.config.notifications.smtp ? await scanReminders(deps, now) : 0,
    budgets: team ? await scanBudgets(deps, now) : 0,
  };
}

