import { and, asc, desc, eq, gte, inArray, isNull, lt } from 'drizzle-orm';
import { recordAudit, type AuditEntry } from '../audit/audit-log.ts';
import type { Calendars } from '../config/calendars.ts';
import type { Config, Priority } from '../config/types.ts';
import type { AnyDialect, Tables } from '../store/any-dialect.ts';
import type { StoreTx } from '../store/store.ts';
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
  incidentOpened(tx: StoreTx, event: { incidentId: number }, now: number): Promise<void>;
  incidentResolved(tx: StoreTx, event: { incidentId: number }, now: number): Promise<void>;
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
export async function openIncident(tx: StoreTx, request: OpenIncidentRequest): Promise<number> {
  const { incidents } = tx.t;
  if (request.outageId != null) {
    const [existing] = await tx.db.select({ id: incidents.id }).from(incidents).where(eq(incidents.outageId, request.outageId));
    if (existing) return existing.id;
  }
  const opening = newIncident(request);
  const [row] = await tx.db.insert(incidents).values(opening.row).returning({ id: incidents.id });
  const id = row!.id;
  if (opening.environmentIds.length > 0) {
    await tx.db.insert(tx.t.incidentEnvironments).values(opening.environmentIds.map((envId) => ({ incidentId: id, envId })));
  }
  await insertEvent(tx, opening.openedEvent(id));
  await recordAudit(tx, opening.audit(id));
  await request.notices?.incidentOpened(tx, { incidentId: id }, request.now);
  return id;
}

/** What opening an incident writes. */
function newIncident(request: Omit<OpenIncidentRequest, 'notices'>) {
  const environmentIds = [...new Set(request.environments ?? [])];
  const openedAt = request.openedAt ?? request.now;
  const calendar = calendarNameFor(request.config, environmentIds);
  const deadlines = incidentDeadlines(request, { priority: request.priority, openedAt, calendar });
  const channel = request.channel ?? (request.outageId != null ? 'monitor' : 'web');
  return {
    environmentIds,
    row: {
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
    },
    openedEvent: (id: number): NewIncidentEvent => ({ incidentId: id, at: openedAt, actor: request.actor, type: 'opened', message: null, details: { priority: request.priority, channel } }),
    audit: (id: number): AuditEntry => ({
      at: request.now,
      actor: request.actor,
      action: 'incident.open',
      target: `incident:${id}`,
      details: { title: request.title, priority: request.priority, environments: environmentIds, openedAt: new Date(openedAt).toISOString(), externalRef: request.externalRef ?? null, outageId: request.outageId ?? null },
    }),
  };
}

/**
 * Notes on the incidents an outage opened that it has ended: a `monitoring` step (the check
 * answers again; support still resolves the incident). Returns the incidents it touched.
 * An outage ended by a gap in monitoring (`cause: 'gap'`) gets no such step: nobody saw the
 * check answer, and the status page publishes that step.
 */
export async function noteOutageClosed(tx: StoreTx, input: OutageClosedNote): Promise<number[]> {
  const { incidents } = tx.t;
  const open = await tx.db
    .select({ id: incidents.id })
    .from(incidents)
    .where(and(eq(incidents.outageId, input.outageId), isNull(incidents.resolvedAt)))
    .orderBy(asc(incidents.id));
  for (const { id } of open) {
    const notes = closedNotes(input, id);
    if (notes.event) await insertEvent(tx, notes.event);
    await recordAudit(tx, notes.audit);
  }
  return open.map((row) => row.id);
}

export interface OutageClosedNote {
  readonly outageId: number;
  readonly end: number;
  readonly now: number;
  readonly actor?: string;
  readonly cause?: string;
}

function closedNotes(input: OutageClosedNote, incidentId: number): { event: NewIncidentEvent | null; audit: AuditEntry } {
  const actor = input.actor ?? 'monitor';
  return {
    event:
      input.cause === 'gap'
        ? null
        : { incidentId, at: input.end, actor, type: 'monitoring', message: null, details: { outageId: input.outageId, outageEnd: new Date(input.end).toISOString() } },
    audit: { at: input.now, actor, action: 'incident.outage-closed', target: `incident:${incidentId}`, details: { outageId: input.outageId } },
  };
}

/**
 * After a gap in monitoring, a check still down gets a new outage (rule 4), but it is the same
 * failure for support: the unresolved incidents of the outage the gap ended follow the new one
 * instead of a second incident being opened. Returns the incidents carried over.
 */
export async function carryIncidentsOver(tx: StoreTx, input: { checkId: string; toOutageId: number; now: number; actor: string }): Promise<number[]> {
  const { outages } = tx.t;
  const [previous] = await tx.db
    .select({ id: outages.id, closedReason: outages.closedReason })
    .from(outages)
    .where(and(eq(outages.checkId, input.checkId), eq(outages.source, 'probe'), lt(outages.id, input.toOutageId)))
    .orderBy(desc(outages.id))
    .limit(1);
  if (!previous || previous.closedReason !== 'gap') return [];
  return moveIncidents(tx, { fromOutageId: previous.id, toOutageId: input.toOutageId, now: input.now, actor: input.actor });
}

export interface IncidentMove {
  readonly fromOutageId: number;
  readonly toOutageId: number;
  readonly now: number;
  readonly actor: string;
}

/** The unresolved incidents of one outage now follow another (the same failure goes on), each move audited. */
export async function moveIncidents(tx: StoreTx, input: IncidentMove): Promise<number[]> {
  const { incidents } = tx.t;
  const open = await tx.db
    .select({ id: incidents.id })
    .from(incidents)
    .where(and(eq(incidents.outageId, input.fromOutageId), isNull(incidents.resolvedAt)))
    .orderBy(asc(incidents.id));
  for (const { id } of open) {
    await tx.db.update(incidents).set({ outageId: input.toOutageId }).where(eq(incidents.id, id));
    await recordAudit(tx, moveAudit(input, id));
  }
  return open.map((row) => row.id);
}

function moveAudit(input: IncidentMove, incidentId: number): AuditEntry {
  return { at: input.now, actor: input.actor, action: 'incident.outage-continued', target: `incident:${incidentId}`, details: { from: input.fromOutageId, outageId: input.toOutageId } };
}

export interface NewIncidentEvent {
  readonly incidentId: number;
  readonly at: number;
  readonly actor: string;
  readonly type: IncidentEventType;
  readonly message: string | null;
  readonly details?: unknown;
}

export async function insertEvent(tx: StoreTx, event: NewIncidentEvent): Promise<void> {
  await tx.db.insert(tx.t.incidentEvents).values(eventValues(event));
}

function eventValues(event: NewIncidentEvent) {
  return { ...event, details: event.details ?? null };
}

export async function findIncident(store: AnyDialect, id: number): Promise<Incident | null> {
  return (await loadIncidents(store, { ids: [id] }))[0] ?? null;
}

export interface IncidentQuery {
  readonly ids?: readonly number[];
  /** Opened in [from, to). */
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly publicOnly?: boolean;
  readonly unresolvedOnly?: boolean;
}

/** Incidents, newest opening first (ties: the later recorded first). */
export async function loadIncidents({ db, t }: AnyDialect, query: IncidentQuery): Promise<Incident[]> {
  const conditions = incidentConditions(t, query);
  const rows = await db
    .select()
    .from(t.incidents)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(t.incidents.openedAt), desc(t.incidents.id));
  if (rows.length === 0) return [];
  const links = await db
    .select()
    .from(t.incidentEnvironments)
    .where(inArray(t.incidentEnvironments.incidentId, rows.map((row) => row.id)))
    .orderBy(asc(t.incidentEnvironments.incidentId), asc(t.incidentEnvironments.envId));
  return withEnvironments(rows, links);
}

function incidentConditions({ incidents }: Tables, query: IncidentQuery) {
  return [
    ...(query.ids ? [inArray(incidents.id, [...query.ids])] : []),
    ...(query.from !== undefined ? [gte(incidents.openedAt, query.from)] : []),
    ...(query.to !== undefined ? [lt(incidents.openedAt, query.to)] : []),
    ...(query.publicOnly ? [eq(incidents.public, true)] : []),
    ...(query.unresolvedOnly ? [isNull(incidents.resolvedAt)] : []),
  ];
}

/** Each incident with the environments it names, in the order of their ids. */
function withEnvironments(rows: readonly Tables['incidents']['$inferSelect'][], links: readonly { incidentId: number; envId: string }[]): Incident[] {
  return rows.map((row) => ({ ...row, environmentIds: links.filter((link) => link.incidentId === row.id).map((link) => link.envId) }));
}

/** The timeline of these incidents, oldest step first. */
export function eventsOf({ db, t }: AnyDialect, incidentIds: readonly number[]): Promise<IncidentEvent[]> {
  if (incidentIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(t.incidentEvents)
    .where(inArray(t.incidentEvents.incidentId, [...incidentIds]))
    .orderBy(asc(t.incidentEvents.at), asc(t.incidentEvents.id));
}

export async function updateIncident(
  tx: StoreTx,
  id: number,
  changes: Partial<{ respondedAt: number; resolvedAt: number; priority: Priority; responseDueAt: number; resolutionDueAt: number | null }>,
): Promise<void> {
  await tx.db.update(tx.t.incidents).set(changes).where(eq(tx.t.incidents.id, id));
}
