import { and, asc, desc, eq, gte, inArray, isNull, lt } from 'drizzle-orm';
import { recordAuditSync } from '../audit/audit-log.ts';
import type { Calendars } from '../config/calendars.ts';
import type { Config, Priority } from '../config/types.ts';
import type { Db } from '../store/database.ts';
import { incidentEnvironments, incidentEvents, incidents, outages } from '../store/schema/index.ts';
import { calendarNameFor, incidentDeadlines } from './incident-calendar.ts';
import type { IncidentChannel, IncidentKind } from './incident-input.ts';

// Support incidents (rule 8) and their timeline. Deadlines are stored when computed (at opening
// and at each priority change) so that reports read what the desk saw; met/left are derived.

export interface Incident {
  readonly id: number;
  readonly title: string;
  readonly priority: Priority;
  readonly kind: IncidentKind;
  readonly channel: IncidentChannel;
  readonly public: boolean;
  /** Name of the calendar its business clocks run on. */
  readonly calendar: string;
  readonly openedAt: number;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly externalRef: string | null;
  readonly responseDueAt: number;
  readonly resolutionDueAt: number | null;
  readonly respondedAt: number | null;
  readonly resolvedAt: number | null;
  readonly outageId: number | null;
  readonly checkId: string | null;
  readonly feature: string | null;
  readonly environmentIds: readonly string[];
}

/** Timeline steps; the status page publishes `opened`, `responded`, `update`, `monitoring`, `resolved`. */
export type IncidentEventType = 'opened' | 'responded' | 'resolved' | 'update' | 'monitoring' | 'priority';

export interface IncidentEvent {
  readonly id: number;
  readonly incidentId: number;
  readonly at: number;
  readonly actor: string;
  readonly type: string;
  readonly message: string | null;
  readonly details: unknown;
}

/** The notification seam (src/notify/events.ts), called inside the write transaction. */
export interface IncidentNotices {
  incidentOpened(tx: Db, event: { incidentId: number }, now: number): void;
  incidentResolved(tx: Db, event: { incidentId: number }, now: number): void;
}

export interface OpenIncidentRequest {
  readonly config: Config;
  readonly calendars: Calendars;
  readonly notices?: IncidentNotices | undefined;
  /** Who opens it: a token name, `cli:<user>`, or `monitor`. */
  readonly actor: string;
  readonly now: number;
  readonly title: string;
  readonly priority: Priority;
  readonly environments?: readonly string[] | undefined;
  /** Defaults to now; an imported ticket's clocks run from its original opening. */
  readonly openedAt?: number | undefined;
  readonly kind?: IncidentKind | undefined;
  readonly channel?: IncidentChannel | undefined;
  readonly public?: boolean | undefined;
  readonly externalRef?: string | null | undefined;
  /** The outage that opened it, for incidents veille opens itself. */
  readonly outageId?: number | null | undefined;
  readonly checkId?: string | null | undefined;
  readonly feature?: string | null | undefined;
}

/**
 * Opens an incident with its rule-8 deadlines, its `opened` step and its audit entry, in the
 * transaction given. Inputs are trusted (the API validates them first). An outage opens at
 * most one incident: asking again for the same outage returns the first one's id.
 */
export function openIncident(tx: Db, request: OpenIncidentRequest): number {
  if (request.outageId != null) {
    const existing = tx.select({ id: incidents.id }).from(incidents).where(eq(incidents.outageId, request.outageId)).get();
    if (existing) return existing.id;
  }
  const environmentIds = [...new Set(request.environments ?? [])];
  const openedAt = request.openedAt ?? request.now;
  const calendar = calendarNameFor(request.config, environmentIds);
  const deadlines = incidentDeadlines(request, { priority: request.priority, openedAt, calendar });
  const channel = request.channel ?? (request.outageId != null ? 'monitor' : 'web');
  const { id } = tx
    .insert(incidents)
    .values({
      title: request.title,
      priority: request.priority,
      kind: request.kind ?? 'incident',
      channel,
      public: request.public ?? false,
      calendar,
      openedAt,
      createdAt: request.now,
      createdBy: request.actor,
      externalRef: request.externalRef ?? null,
      responseDueAt: deadlines.responseDueAt,
      resolutionDueAt: deadlines.resolutionDueAt,
      outageId: request.outageId ?? null,
      checkId: request.checkId ?? null,
      feature: request.feature ?? null,
    })
    .returning({ id: incidents.id })
    .get();
  if (environmentIds.length > 0) {
    tx.insert(incidentEnvironments).values(environmentIds.map((envId) => ({ incidentId: id, envId }))).run();
  }
  insertEvent(tx, { incidentId: id, at: openedAt, actor: request.actor, type: 'opened', message: null, details: { priority: request.priority, channel } });
  recordAuditSync(tx, {
    at: request.now,
    actor: request.actor,
    action: 'incident.open',
    target: `incident:${id}`,
    details: { title: request.title, priority: request.priority, environments: environmentIds, openedAt: new Date(openedAt).toISOString(), externalRef: request.externalRef ?? null, outageId: request.outageId ?? null },
  });
  request.notices?.incidentOpened(tx, { incidentId: id }, request.now);
  return id;
}

/**
 * Notes on the incidents an outage opened that it has ended: a `monitoring` step (the check
 * answers again; support still resolves the incident). Returns the incidents it touched.
 * An outage ended by a gap in monitoring (`cause: 'gap'`) gets no such step: nobody saw the
 * check answer, and the status page publishes that step.
 */
export function noteOutageClosed(tx: Db, input: { outageId: number; end: number; now: number; actor?: string; cause?: string }): number[] {
  const open = tx
    .select({ id: incidents.id })
    .from(incidents)
    .where(and(eq(incidents.outageId, input.outageId), isNull(incidents.resolvedAt)))
    .all();
  const actor = input.actor ?? 'monitor';
  for (const { id } of open) {
    if (input.cause !== 'gap') {
      insertEvent(tx, { incidentId: id, at: input.end, actor, type: 'monitoring', message: null, details: { outageId: input.outageId, outageEnd: new Date(input.end).toISOString() } });
    }
    recordAuditSync(tx, { at: input.now, actor, action: 'incident.outage-closed', target: `incident:${id}`, details: { outageId: input.outageId } });
  }
  return open.map((row) => row.id);
}

/**
 * After a gap in monitoring, a check still down gets a new outage (rule 4), but it is the same
 * failure for support: the unresolved incidents of the outage the gap ended follow the new one
 * instead of a second incident being opened. Returns the incidents carried over.
 */
export function carryIncidentsOver(tx: Db, input: { checkId: string; toOutageId: number; now: number; actor: string }): number[] {
  const previous = tx
    .select({ id: outages.id, closedReason: outages.closedReason })
    .from(outages)
    .where(and(eq(outages.checkId, input.checkId), eq(outages.source, 'probe'), lt(outages.id, input.toOutageId)))
    .orderBy(desc(outages.id))
    .get();
  if (!previous || previous.closedReason !== 'gap') return [];
  return moveIncidents(tx, { fromOutageId: previous.id, toOutageId: input.toOutageId, now: input.now, actor: input.actor });
}

/** The unresolved incidents of one outage now follow another (the same failure goes on), each move audited. */
export function moveIncidents(tx: Db, input: { fromOutageId: number; toOutageId: number; now: number; actor: string }): number[] {
  const open = tx
    .select({ id: incidents.id })
    .from(incidents)
    .where(and(eq(incidents.outageId, input.fromOutageId), isNull(incidents.resolvedAt)))
    .all();
  for (const { id } of open) {
    tx.update(incidents).set({ outageId: input.toOutageId }).where(eq(incidents.id, id)).run();
    recordAuditSync(tx, { at: input.now, actor: input.actor, action: 'incident.outage-continued', target: `incident:${id}`, details: { from: input.fromOutageId, outageId: input.toOutageId } });
  }
  return open.map((row) => row.id);
}

export function insertEvent(
  db: Db,
  event: { incidentId: number; at: number; actor: string; type: IncidentEventType; message: string | null; details?: unknown },
): void {
  db.insert(incidentEvents).values({ ...event, details: event.details ?? null }).run();
}

export function findIncident(db: Db, id: number): Incident | null {
  return loadIncidents(db, { ids: [id] })[0] ?? null;
}

export interface IncidentQuery {
  readonly ids?: readonly number[];
  /** Opened in [from, to). */
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly publicOnly?: boolean;
  readonly unresolvedOnly?: boolean;
}

/** Incidents, newest opening first. */
export function loadIncidents(db: Db, query: IncidentQuery): Incident[] {
  const conditions = [
    ...(query.ids ? [inArray(incidents.id, [...query.ids])] : []),
    ...(query.from !== undefined ? [gte(incidents.openedAt, query.from)] : []),
    ...(query.to !== undefined ? [lt(incidents.openedAt, query.to)] : []),
    ...(query.publicOnly ? [eq(incidents.public, true)] : []),
    ...(query.unresolvedOnly ? [isNull(incidents.resolvedAt)] : []),
  ];
  const rows = db
    .select()
    .from(incidents)
    .where(conditions.length ? and(...conditions) : undefined)
    .all()
    .sort((a, b) => b.openedAt - a.openedAt || b.id - a.id);
  if (rows.length === 0) return [];
  const links = db.select().from(incidentEnvironments).where(inArray(incidentEnvironments.incidentId, rows.map((row) => row.id))).all();
  return rows.map((row) => ({ ...row, environmentIds: links.filter((link) => link.incidentId === row.id).map((link) => link.envId) }));
}

export function eventsOf(db: Db, incidentIds: readonly number[]): IncidentEvent[] {
  if (incidentIds.length === 0) return [];
  return db
    .select()
    .from(incidentEvents)
    .where(inArray(incidentEvents.incidentId, [...incidentIds]))
    .orderBy(asc(incidentEvents.at), asc(incidentEvents.id))
    .all();
}

export function updateIncident(
  db: Db,
  id: number,
  changes: Partial<{ respondedAt: number; resolvedAt: number; priority: Priority; responseDueAt: number; resolutionDueAt: number | null }>,
): void {
  db.update(incidents).set(changes).where(eq(incidents.id, id)).run();
}
