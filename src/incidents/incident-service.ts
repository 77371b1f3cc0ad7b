import { recordAudit } from '../audit/audit-log.ts';
import type { Calendars } from '../config/calendars.ts';
import type { Config } from '../config/types.ts';
import { badRequest, conflict, notFound } from '../server/api-error.ts';
import type { AnyDialect } from '../store/any-dialect.ts';
import type { Store } from '../store/store.ts';
import { incidentDeadlines } from './incident-calendar.ts';
import type { ClockStopInput, CreateIncidentInput, IncidentUpdateInput, PriorityChangeInput } from './incident-input.ts';
import { findIncident, insertEvent, openIncident, updateIncident, type Incident, type IncidentNotices } from './incident-store.ts';

// The support desk's writes (rule 8), shared by the API and the CLI. Each is one transaction
// with its timeline step and audit entry.

export interface DeskDeps {
  readonly store: Store;
  readonly config: Config;
  readonly calendars: Calendars;
  readonly notices?: IncidentNotices | undefined;
}

type Writer = { actor: string; now: number };

export async function createIncident(deps: DeskDeps, input: CreateIncidentInput, writer: Writer): Promise<Incident> {
  const known = new Set(deps.config.environments.map((environment) => environment.id));
  input.environments?.forEach((envId, i) => {
    if (!known.has(envId)) throw badRequest(`environments[${i}]`, `unknown environment "${envId}"`);
    if (input.environments!.indexOf(envId) !== i) throw badRequest(`environments[${i}]`, `"${envId}" is listed twice`);
  });
  if (input.openedAt !== undefined) {
    if (input.openedAt > writer.now) throw badRequest('openedAt', 'is in the future; an imported ticket was opened in the past');
    if (input.externalRef === undefined) throw badRequest('externalRef', 'required with openedAt: the ticket’s reference in the system it came from');
  }
  if (input.channel === 'monitor') throw badRequest('channel', '"monitor" is for incidents veille opens itself');
  const id = await deps.store.transaction((tx) =>
    openIncident(tx, {
      config: deps.config,
      calendars: deps.calendars,
      notices: deps.notices,
      actor: writer.actor,
      now: writer.now,
      title: input.title,
      priority: input.priority,
      environments: input.environments,
      openedAt: input.openedAt,
      kind: input.kind,
      channel: input.channel,
      public: input.public,
      externalRef: input.externalRef,
    }),
  );
  return (await findIncident(deps.store, id))!;
}

/** The first response stops the response clock; once only. */
export async function respondToIncident(deps: DeskDeps, id: number, input: ClockStopInput, writer: Writer): Promise<Incident> {
  await deps.store.transaction(async (tx) => {
    const incident = await existing(tx, id);
    if (incident.respondedAt !== null) throw conflict(`incident ${id} was already responded to at ${iso(incident.respondedAt)}`);
    const at = stopInstant(incident, input, writer.now);
    await updateIncident(tx, id, { respondedAt: at });
    await insertEvent(tx, { incidentId: id, at, actor: writer.actor, type: 'responded', message: input.message ?? null });
    await recordAudit(tx, { at: writer.now, actor: writer.actor, action: 'incident.respond', target: `incident:${id}`, details: { at: iso(at) } });
  });
  return (await findIncident(deps.store, id))!;
}

/** Resolution stops both clocks: a resolved ticket has been answered, at the latest then. */
export async function resolveIncident(deps: DeskDeps, id: number, input: ClockStopInput, writer: Writer): Promise<Incident> {
  await deps.store.transaction(async (tx) => {
    const incident = await existing(tx, id);
    if (incident.resolvedAt !== null) throw conflict(`incident ${id} was already resolved at ${iso(incident.resolvedAt)}`);
    const at = stopInstant(incident, input, writer.now);
    if (incident.respondedAt !== null && at < incident.respondedAt) throw badRequest('at', `is before the first response (${iso(incident.respondedAt)})`);
    await updateIncident(tx, id, { resolvedAt: at, ...(incident.respondedAt === null ? { respondedAt: at } : {}) });
    await insertEvent(tx, { incidentId: id, at, actor: writer.actor, type: 'resolved', message: input.message ?? null });
    await recordAudit(tx, { at: writer.now, actor: writer.actor, action: 'incident.resolve', target: `incident:${id}`, details: { at: iso(at) } });
    await deps.notices?.incidentResolved(tx, { incidentId: id }, writer.now);
  });
  return (await findIncident(deps.store, id))!;
}

/** A new priority restarts nothing: both deadlines are recomputed from the opening instant. */
export async function changePriority(deps: DeskDeps, id: number, input: PriorityChangeInput, writer: Writer): Promise<Incident> {
  await deps.store.transaction(async (tx) => {
    const incident = await existing(tx, id);
    if (incident.resolvedAt !== null) throw conflict(`incident ${id} is resolved; its priority is final`);
    if (incident.priority === input.priority) throw conflict(`incident ${id} already has priority ${input.priority}`);
    const deadlines = incidentDeadlines(deps, { priority: input.priority, openedAt: incident.openedAt, calendar: incident.calendar });
    await updateIncident(tx, id, { priority: input.priority, ...deadlines });
    const details = {
      from: incident.priority,
      to: input.priority,
      responseDueAt: iso(deadlines.responseDueAt),
      resolutionDueAt: deadlines.resolutionDueAt === null ? null : iso(deadlines.resolutionDueAt),
    };
    await insertEvent(tx, { incidentId: id, at: writer.now, actor: writer.actor, type: 'priority', message: input.reason, details });
    await recordAudit(tx, { at: writer.now, actor: writer.actor, action: 'incident.priority', target: `incident:${id}`, details: { ...details, reason: input.reason } });
  });
  return (await findIncident(deps.store, id))!;
}

/** A message for the timeline (published on the status page when the incident is public). */
export async function addIncidentUpdate(deps: DeskDeps, id: number, input: IncidentUpdateInput, writer: Writer): Promise<Incident> {
  await deps.store.transaction(async (tx) => {
    await existing(tx, id);
    const type = input.monitoring ? 'monitoring' : 'update';
    await insertEvent(tx, { incidentId: id, at: writer.now, actor: writer.actor, type, message: input.message });
    await recordAudit(tx, { at: writer.now, actor: writer.actor, action: 'incident.update', target: `incident:${id}`, details: { type, message: input.message } });
  });
  return (await findIncident(deps.store, id))!;
}

async function existing(tx: AnyDialect, id: number): Promise<Incident> {
  const incident = await findIncident(tx, id);
  if (!incident) throw notFound(`incident ${id}`);
  return incident;
}

/** When a clock stopped: now by default; never before the opening, never in the future. */
function stopInstant(incident: Incident, input: ClockStopInput, now: number): number {
  const at = input.at ?? now;
  if (at > now) throw badRequest('at', 'is in the future');
  if (at < incident.openedAt) throw badRequest('at', `is before the incident was opened (${iso(incident.openedAt)})`);
  return at;
}

const iso = (ms: number) => new Date(ms).toISOString();
