import { and, desc, gte, lt } from 'drizzle-orm';
import type { AnyDialect } from '../store/any-dialect.ts';
import { auditLog } from '../store/schema/index.ts';
import type { StoreTx } from '../store/store.ts';

export interface AuditEntry {
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly target?: string | null;
  readonly details?: unknown;
}

export type AuditRow = typeof auditLog.$inferSelect;

/** Records one write, in the transaction of the write it describes. */
export async function recordAudit(tx: StoreTx, entry: AuditEntry): Promise<void> {
  await tx.db.insert(tx.t.auditLog).values(auditValues(entry));
}

function auditValues(entry: AuditEntry) {
  return { at: entry.at, actor: entry.actor, action: entry.action, target: entry.target ?? null, details: entry.details ?? null };
}

/** Entries newest first (ties: the later recorded first), at most `limit` (1,000 by default). */
export function listAudit({ db, t }: AnyDialect, range: { from?: number; to?: number; limit?: number } = {}): Promise<AuditRow[]> {
  const conditions = [...(range.from !== undefined ? [gte(t.auditLog.at, range.from)] : []), ...(range.to !== undefined ? [lt(t.auditLog.at, range.to)] : [])];
  return db
    .select()
    .from(t.auditLog)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(t.auditLog.at), desc(t.auditLog.id))
    .limit(range.limit ?? 1000);
}
