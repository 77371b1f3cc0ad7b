import { recordAudit } from '../audit/audit-log.ts';
import { findOutage } from '../outages/outage-store.ts';
import { badRequest, conflict, notFound } from '../server/api-error.ts';
import type { Store } from '../store/store.ts';
import type { CreateExclusionInput, RevokeExclusionInput } from './exclusion-input.ts';
import { findExclusion, insertExclusion, markRevoked, type Exclusion } from './exclusion-store.ts';

type Writer = { actor: string; now: number };

/**
 * Excuses an outage, or a part of it, for one reason of rule 6. The part must lie inside the
 * outage; for an outage still open it may run "until the outage ends" (end omitted).
 */
export async function excludeOutage(deps: { store: Store }, outageId: number, input: CreateExclusionInput, writer: Writer): Promise<Exclusion> {
  const id = await deps.store.transaction(async (tx) => {
    const outage = await findOutage(tx, outageId);
    if (!outage) throw notFound(`outage ${outageId}`);
    const start = input.start ?? outage.start;
    const end = input.end ?? outage.end;
    // What is known of the outage so far: up to its end, or up to now while it is open.
    const knownEnd = outage.end ?? writer.now;
    if (start < outage.start) throw badRequest('start', `is before the outage start (${iso(outage.start)})`);
    if (start >= knownEnd) throw badRequest('start', `must be before the outage ${outage.end === null ? 'has gone on until (now)' : `end (${iso(outage.end)})`}`);
    if (end !== null) {
      if (end <= start) throw badRequest('end', 'must be after start');
      if (outage.end !== null && end > outage.end) throw badRequest('end', `is after the outage end (${iso(outage.end)})`);
      if (outage.end === null && end > writer.now) throw badRequest('end', 'is in the future; leave it out to exclude until the outage ends');
    }
    const created = await insertExclusion(tx, {
      outageId,
      reason: input.reason,
      justification: input.justification,
      start,
      end,
      createdBy: writer.actor,
      createdAt: writer.now,
    });
    await recordAudit(tx, {
      at: writer.now,
      actor: writer.actor,
      action: 'exclusion.create',
      target: `exclusion:${created}`,
      details: { outage: outageId, reason: input.reason, justification: input.justification, start: iso(start), end: end === null ? null : iso(end) },
    });
    return created;
  });
  return (await findExclusion(deps.store, id))!;
}

/** A revoked exclusion no longer applies (rule 6); it stays on record. */
export async function revokeExclusion(deps: { store: Store }, id: number, input: RevokeExclusionInput, writer: Writer): Promise<Exclusion> {
  await deps.store.transaction(async (tx) => {
    if (!(await findExclusion(tx, id))) throw notFound(`exclusion ${id}`);
    if (!(await markRevoked(tx, id, { at: writer.now, by: writer.actor, reason: input.reason }))) throw conflict(`exclusion ${id} was already revoked`);
    await recordAudit(tx, { at: writer.now, actor: writer.actor, action: 'exclusion.revoke', target: `exclusion:${id}`, details: { reason: input.reason } });
  });
  return (await findExclusion(deps.store, id))!;
}

const iso = (ms: number) => new Date(ms).toISOString();
