import { recordAuditSync } from '../audit/audit-log.ts';
import type { Config } from '../config/types.ts';
import { badRequest, conflict, notFound } from '../server/api-error.ts';
import type { Db } from '../store/database.ts';
import { exclusionsOfSync } from '../exclusions/exclusion-store.ts';
import type { CloseOutageInput, ManualOutageInput } from './manual-outage-input.ts';
import type { OutageNotices } from './outage-recorder.ts';
import { closeOutageSync, findOutageSync, insertOutageSync, type Outage } from './outage-store.ts';

// Recording and ending outages by hand. Only what has happened can be recorded: both ends of a
// manual outage lie in the past. Outages the prober opened are the prober's to close.

/**
 * The team is told of a manual outage as of a probe one (src/notify/events.ts), in the same
 * transaction; `closedBy` names who ended it. The hooks never throw. Absent: nobody is told.
 */
export interface ManualOutageNotices {
  outageOpened: OutageNotices['outageOpened'];
  outageClosed(tx: Db, event: { outageId: number; closedBy?: string }, now: number): void;
}

export function recordManualOutage(
  deps: { db: Db; config: Config; notices?: Partial<ManualOutageNotices> | undefined },
  input: ManualOutageInput,
  writer: { actor: string; now: number },
): Outage {
  const check = deps.config.environments.flatMap((environment) => environment.checks).find((c) => c.id === input.check);
  if (!check) throw badRequest('check', `unknown check "${input.check}"`);
  if (input.start > writer.now) throw badRequest('start', 'is in the future; record an outage once it has begun');
  if (input.end !== undefined) {
    if (input.end <= input.start) throw badRequest('end', 'must be after start');
    if (input.end > writer.now) throw badRequest('end', 'is in the future; leave it out while the outage goes on');
  }
  const id = deps.db.transaction((tx) => {
    const created = insertOutageSync(tx, {
      checkId: check.id,
      envId: check.environmentId,
      start: input.start,
      end: input.end ?? null,
      source: 'manual',
      reason: input.reason,
      createdBy: writer.actor,
      createdAt: writer.now,
    });
    recordAuditSync(tx, {
      at: writer.now,
      actor: writer.actor,
      action: 'outage.record',
      target: `outage:${created}`,
      details: { check: check.id, start: new Date(input.start).toISOString(), end: input.end === undefined ? null : new Date(input.end).toISOString(), reason: input.reason },
    });
    deps.notices?.outageOpened?.(tx, { outageId: created }, writer.now);
    if (input.end !== undefined) deps.notices?.outageClosed?.(tx, { outageId: created, closedBy: writer.actor }, writer.now);
    return created;
  });
  return findOutageSync(deps.db, id)!;
}

export function closeManualOutage(deps: { db: Db; notices?: Partial<ManualOutageNotices> | undefined }, id: number, input: CloseOutageInput, writer: { actor: string; now: number }): Outage {
  const end = input.end ?? writer.now;
  deps.db.transaction((tx) => {
    const outage = findOutageSync(tx, id);
    if (!outage) throw notFound(`outage ${id}`);
    if (outage.source !== 'manual') throw conflict(`outage ${id} was opened by the prober, which ends it at the first successful probe`);
    if (outage.end !== null) throw conflict(`outage ${id} has already ended`);
    if (end <= outage.start) throw badRequest('end', 'must be after the outage start');
    if (end > writer.now) throw badRequest('end', 'is in the future');
    // Exclusions lie inside their outage (rule 6): the end may not cut one that applies.
    for (const exclusion of exclusionsOfSync(tx, [id])) {
      if (exclusion.revokedAt !== null) continue;
      if (exclusion.end === null ? end <= exclusion.start : end < exclusion.end) {
        const bound = exclusion.end === null ? `not after the start of exclusion ${exclusion.id} (${iso(exclusion.start)})` : `before the end of exclusion ${exclusion.id} (${iso(exclusion.end)})`;
        throw badRequest('end', `is ${bound}; revoke it first or end the outage later`);
      }
    }
    closeOutageSync(tx, id, { end, closedReason: input.reason ?? null });
    recordAuditSync(tx, { at: writer.now, actor: writer.actor, action: 'outage.close', target: `outage:${id}`, details: { end: new Date(end).toISOString(), reason: input.reason ?? null } });
    deps.notices?.outageClosed?.(tx, { outageId: id, closedBy: writer.actor }, writer.now);
  });
  return findOutageSync(deps.db, id)!;
}

const iso = (ms: number) => new Date(ms).toISOString();
