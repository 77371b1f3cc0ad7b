import { desc, gte, lt, and } from 'drizzle-orm';
import type { Db } from '../store/database.ts';
import { auditLog } from '../store/schema/index.ts';

export interface AuditEntry {
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly target?: string | null;
  readonly details?: unknown;
}

/** Records one write; call it inside the same transaction as the write it describes. */
export function recordAudit(db: Db, entry: AuditEntry): void {
  db.insert(auditLog)
    .values({ at: entry.at, actor: entry.actor, action: entry.action, target: entry.target ?? null, details: entry.details ?? null })
    .run();
}

export function listAudit(db: Db, range: { from?: number; to?: number; limit?: number } = {}) {
  const conditions = [
    ...(range.from !== undefined ? [gte(auditLog.at, range.from)] : []),
    ...(range.to !== undefined ? [lt(auditLog.at, range.to)] : []),
  ];
  return db
    .select()
    .from(auditLog)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(range.limit ?? 1000)
    .all();
}
