import { recordAudit } from '../audit/audit-log.ts';
import type { Config } from '../config/types.ts';
import { badRequest, conflict, notFound } from '../server/api-error.ts';
import type { Store } from '../store/store.ts';
import { exclusionsOf } from '../exclusions/exclusion-store.ts';
import type { CloseOutageInput, ManualOutageInput } from './manual-outage-input.ts';
import { closeOutage, findOutage, insertOutage, type Outage, type OutageNotices } from './outage-store.ts';

// Recording and ending outages by hand. Only what has happened can be recorded: both ends of a
// manual outage lie in the past. Outages the prober opened are the prober's to close.

export async function recordManualOutage(
  deps: { store: Store; config: Config; notices?: Partial<OutageNotices> | undefined },
  input: ManualOutageInput,
  writer: { actor: string; now: number },
): Promise<Outage> {
  const check = deps.config.environments.flatMap((environment) => environment.checks).find((c) => c.id === input.check);
  if (!check) throw badRequest('check', `unknown check "${input.check}"`);
  if (input.start > writer.now) throw badRequest('start', 'is in the future; record an outage once it has begun');
  if (input.end !== undefined) {
    if (input.end <= input.start) throw badRequest('end', 'must be after start');
    if (input.end > writer.now) throw badRequest('end', 'is in the future; leave it out while the outage goes on');
  }
  const id = await deps.store.transaction(async (tx) => {
    const created = await insertOutage(tx, {
      checkId: check.id,
      envId: check.environmentId,
      start: input.start,
      end: input.end ?? null,
      source: 'manual',
      reason: input.reason,
      createdBy: writer.actor,
      createdAt: writer.now,
    });
    await recordAudit(tx, {
      at: writer.now,
      actor: writer.actor,
      action: 'outage.record',
      target: `outage:${created}`,
      details: { check: check.id, start: new Date(input.start).toISOString(), end: input.end === undefined ? null : new Date(input.end).toISOString(), reason: input.reason },
    });
    await deps.notices?.outageOpened?.(tx, { outageId: created }, writer.now);
    if (input.end !== undefined) await deps.notices?.outageClosed?.(tx, { outageId: created, closedBy: writer.actor }, writer.now);
    return created;
  });
  return (await findOutage(deps.store, id))!;
}

export async function closeManualOutage(
  deps: { store: Store; notices?: Partial<OutageNotices> | undefined },
  id: number,
  input: CloseOutageInput,
  writer: { actor: string; now: number },
): Promise<Outage> {
  const end = input.end ?? writer.now;
  await deps.store.transaction(async (tx) => {
    const outage = await findOutage(tx, id);
    if (!outage) throw notFound(`outage ${id}`);
    if (outage.source !== 'manual') throw conflict(`outage ${id} was opened by the prober, which ends it at the first successful probe`);
    if (outage.end !== null) throw conflict(`outage ${id} has already ended`);
    if (end <= outage.start) throw badRequest('end', 'must be after the outage start');
    if (end > writer.now) throw badRequest('end', 'is in the future');
    // Exclusions lie inside their outage (rule 6): the end may not cut one that applies.
    for (const exclusion of await exclusionsOf(tx, [id])) {
      if (exclusion.revokedAt !== null) continue;
      if (exclusion.end === null ? end <= exclusion.start : end < exclusion.end) {
        const bound = exclusion.end === null ? `not after the start of exclusion ${exclusion.id} (${iso(exclusion.start)})` : `before the end of exclusion ${exclusion.id} (${iso(exclusion.end)})`;
        throw badRequest('end', `is ${bound}; revoke it first or end the outage later`);
      }
    }
    await closeOutage(tx, id, { end, closedReason: input.reason ?? null });
    await recordAudit(tx, { at: writer.now, actor: writer.actor, action: 'outage.close', target: `outage:${id}`, details: { end: new Date(end).toISOString(), reason: input.reason ?? null } });
    await deps.notices?.outageClosed?.(tx, { outageId: id, closedBy: writer.actor }, writer.now);
  });
  return (await findOutage(deps.store, id))!;
}

const iso = (ms: number) => new Date(ms).toISOString();
