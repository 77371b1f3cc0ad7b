import { recordAuditSync } from '../audit/audit-log.ts';
import { findOutage } from '../outages/outage-store.ts';
import { badRequest, conflict, notFound } from '../server/api-error.ts';
import type { Db } from '../store/database.ts';
import type { CreateExclusionInput, RevokeExclusionInput } from './exclusion-input.ts';
import { findExclusion, insertExclusion, markRevoked, type Exclusion } from './exclusion-store.ts';

type Writer = { actor: string; now: number };

/**
 * Excuses an outage, or a part of it, for one reason of rule 6. The part must lie inside the
 * outage; for an outage still open it may run "until the outage ends" (end omitted).
 */
export function excludeOutage(deps: { db: Db }, outageId: number, input: CreateExclusionInput, writer: Writer): Exclusion {
  const id = deps.db.transaction((tx) => {
    const outage = findOutage(tx, outageId);
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
    const created = insertExclusion(tx, {
      outageId,
      reason: input.reason,
      justification: input.justification,
      start,
      end,
      createdBy: writer.actor,
      createdAt: writer.now,
    });
    recordAuditSync(tx, {
      at: writer.now,
      actor: writer.actor,
      action: 'exclusion.create',
      target: `exclusion:${created}`,
      details: { outage: outageId, reason: input.reason, justification: input.justification, start: iso(start), end: end === null ? null : iso(end) },
    });
    return created;
  });
  return findExclusion(deps.db, id)!;
}

/** A revoked exclusion no longer applies (rule 6); it stays on record. */
export function revokeExclusion(deps: { db: Db }, id: number, input: RevokeExclusionInput, writer: Writer): Exclusion {
  deps.db.transaction((tx) => {
    if (!findExclusion(tx, id)) throw notFound(`exclusion ${id}`);
    if (!markRevoked(tx, id, { at: writer.now, by: writer.actor, reason: input.reason })) throw conflict(`exclusion ${id} was already revoked`);
    recordAuditSync(tx, { at: writer.now, actor: writer.actor, action: 'exclusion.revoke', target: `exclusion:${id}`, details: { reason: input.reason } });
  });
  return findExclusion(deps.db, id)!;
}

const iso = (ms: number) => new Date(ms).toISOString();
