import { recordAudit } from '../audit/audit-log.ts';
import type { Config } from '../config/types.ts';
import type { NotificationEvents } from '../notify/events.ts';
import { badRequest, conflict, notFound } from '../server/api-error.ts';
import type { Store } from '../store/store.ts';
import { MAX_INSTANT } from '../time/iso.ts';
import type { CancelWindowInput, CreateWindowInput, RescheduleWindowInput } from './window-input.ts';
import { findWindow, insertVersion, insertWindow, markCancelled, type MaintenanceWindow } from './window-store.ts';

// The maintenance registry's writes (rule 5), shared by the API and the CLI. Each runs in one
// store transaction with its audit entry and its notices: a refused request leaves nothing behind.

/** The part of the notification seam the registry calls inside its write transaction. */
export type MaintenanceNotices = Pick<NotificationEvents, 'windowRegistered' | 'windowRescheduled' | 'windowCancelled'>;

export interface RegistryDeps {
  readonly store: Store;
  readonly config: Config;
  /** Absent where nothing can be sent (the CLI, tests): `notify: true` is then refused. */
  readonly notices?: MaintenanceNotices | undefined;
}

/** Who writes and the server's clock: `noticeSentAt` defaults to it and may not pass it. */
export interface Writer {
  readonly actor: string;
  readonly now: number;
}

export async function registerWindow(deps: RegistryDeps, input: CreateWindowInput, writer: Writer): Promise<MaintenanceWindow> {
  checkEnvironments(deps.config, input.environments);
  const times = resolveTimes(input, writer.now, notifyWith(deps, input));
  const id = await deps.store.transaction(async (tx) => {
    const created = await insertWindow(tx, {
      impact: input.impact,
      environmentIds: input.environments,
      createdBy: writer.actor,
      createdAt: writer.now,
      version: { ...times, recordedAt: writer.now, recordedBy: writer.actor, changeReason: null },
    });
    await recordAudit(tx, {
      at: writer.now,
      actor: writer.actor,
      action: 'maintenance.create',
      target: `maintenance:${created}`,
      details: { environments: input.environments, impact: input.impact, ...isoTimes(times), notify: input.notify ?? false },
    });
    await deps.notices?.windowRegistered(tx, { windowId: created, notify: input.notify ?? false }, writer.now);
    return created;
  });
  return (await findWindow(deps.store, id))!;
}

/**
 * Records new times for a window as a new version, announced by its own notice. The engine
 * keeps every version, so a change can only shrink what an outage already begun was excused.
 */
export async function rescheduleWindow(deps: RegistryDeps, id: number, input: RescheduleWindowInput, writer: Writer): Promise<MaintenanceWindow> {
  const times = resolveTimes(input, writer.now, notifyWith(deps, input));
  await deps.store.transaction(async (tx) => {
    const window = await findWindow(tx, id);
    if (!window) throw notFound(`maintenance window ${id}`);
    if (window.cancelledAt !== null) throw conflict(`maintenance window ${id} was cancelled; register a new window instead`);
    await insertVersion(tx, id, { ...times, recordedAt: writer.now, recordedBy: writer.actor, changeReason: input.reason });
    await recordAudit(tx, {
      at: writer.now,
      actor: writer.actor,
      action: 'maintenance.reschedule',
      target: `maintenance:${id}`,
      details: { reason: input.reason, ...isoTimes(times), notify: input.notify ?? false },
    });
    await deps.notices?.windowRescheduled(tx, { windowId: id, notify: input.notify }, writer.now);
  });
  return (await findWindow(deps.store, id))!;
}

/** Cancelling ends the window at that instant for the SLA; it stays in the registry. */
export async function cancelWindow(deps: Omit<RegistryDeps, 'config'>, id: number, input: CancelWindowInput, writer: Writer): Promise<MaintenanceWindow> {
  notifyWith(deps, input);
  await deps.store.transaction(async (tx) => {
    const window = await findWindow(tx, id);
    if (!window) throw notFound(`maintenance window ${id}`);
    if (!(await markCancelled(tx, id, { at: writer.now, by: writer.actor, reason: input.reason }))) {
      throw conflict(`maintenance window ${id} was already cancelled`);
    }
    await recordAudit(tx, {
      at: writer.now,
      actor: writer.actor,
      action: 'maintenance.cancel',
      target: `maintenance:${id}`,
      details: { reason: input.reason, notify: input.notify ?? false },
    });
    await deps.notices?.windowCancelled(tx, { windowId: id, notify: input.notify }, writer.now);
  });
  return (await findWindow(deps.store, id))!;
}

function checkEnvironments(config: Config, ids: readonly string[]): void {
  const known = new Set(config.environments.map((environment) => environment.id));
  ids.forEach((envId, i) => {
    if (!known.has(envId)) throw badRequest(`environments[${i}]`, `unknown environment "${envId}"`);
    if (ids.indexOf(envId) !== i) throw badRequest(`environments[${i}]`, `"${envId}" is listed twice`);
  });
}

interface Times {
  start: number;
  end: number;
  /** null: veille is sending the notice (notify), pending until the mail server accepts it. */
  noticeSentAt: number | null;
  noticeRef: string | null;
}

/** Whether veille sends the notice itself; refused when it cannot, or when one was sent otherwise. */
function notifyWith(deps: Omit<RegistryDeps, 'config'>, input: { notify?: boolean | undefined; noticeSentAt?: number | undefined; noticeRef?: string | undefined }): boolean {
  if (!input.notify) return false;
  if (input.noticeSentAt !== undefined || input.noticeRef !== undefined) {
    throw badRequest('notify', 'veille sends the notice itself: leave out noticeSentAt and noticeRef, or notify');
  }
  if (!deps.notices) throw badRequest('notify', 'veille cannot send notices here (no notification set up)');
  return true;
}

/** The window's end (given, or start + duration) and its notice, checked against rule 5. */
function resolveTimes(
  input: { start: number; end?: number | undefined; duration?: number | undefined; noticeSentAt?: number | undefined; noticeRef?: string | undefined },
  now: number,
  notify: boolean,
): Times {
  if (input.end !== undefined && input.duration !== undefined) throw badRequest('duration', 'give either end or duration, not both');
  if (input.end === undefined && input.duration === undefined) throw badRequest('end', 'required (or give duration)');
  const end = input.end ?? input.start + input.duration!;
  if (end <= input.start) throw badRequest('end', 'must be after start');
  // A duration is unbounded on its own; the end it gives must be a time veille can handle.
  if (end >= MAX_INSTANT) throw badRequest(input.end === undefined ? 'duration' : 'end', 'ends the window after 2199');
  if (input.noticeSentAt !== undefined) {
    if (input.noticeSentAt > now) throw badRequest('noticeSentAt', 'is in the future; a notice can only be recorded once it was sent');
    if (input.noticeRef === undefined) throw badRequest('noticeRef', 'required with noticeSentAt: the reference of the notice that was sent');
  }
  if (notify) return { start: input.start, end, noticeSentAt: null, noticeRef: null };
  return { start: input.start, end, noticeSentAt: input.noticeSentAt ?? now, noticeRef: input.noticeRef ?? null };
}

function isoTimes(times: Times) {
  return {
    start: new Date(times.start).toISOString(),
    end: new Date(times.end).toISOString(),
    noticeSentAt: times.noticeSentAt === null ? null : new Date(times.noticeSentAt).toISOString(),
    noticeRef: times.noticeRef,
  };
}
