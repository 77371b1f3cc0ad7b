import { and, eq, inArray } from 'drizzle-orm';
import type { CheckConfig } from '../config/types.ts';
import type { HeldLease, Leases } from '../lease/lease-store.ts';
import { checksWithOpenProbeOutage, type OutageEventsWriter } from '../outages/outage-recorder.ts';
import type { QuorumVerdict } from '../quorum/quorum-verdict.ts';
import { verdictEvents } from '../quorum/verdict-events.ts';
import type { StoreTx } from '../store/store.ts';

/** One check's decision over [from, until), made from the progress the round read. */
export interface Decision {
  readonly check: CheckConfig;
  /** Its progress when the round read it (null: never decided): the decision is written only if it is still that. */
  readonly decidedUntil: number | null;
  readonly from: number;
  readonly until: number;
  readonly verdict: QuorumVerdict;
  readonly reasonAt: (at: number) => string | null;
}

export interface DecisionWriterDeps {
  readonly writeOutageEvents: OutageEventsWriter;
  readonly lease?: { readonly leases: Leases; readonly held: HeldLease } | undefined;
  readonly now: number;
}

const ROWS_PER_STATEMENT = 500;

/**
 * Writes a chunk of decisions in the caller's transaction, set by set: nothing unless the lease
 * is still held (null), then each check whose stored progress is still the one its decision
 * started from (one query for the chunk; another holder may have decided it meanwhile): its
 * outage changes through the recorder (incidents and alerts follow), its unmonitored time, and
 * its progress, advanced in the same transaction. Returns the decisions written.
 */
export async function writeDecisions(tx: StoreTx, deps: DecisionWriterDeps, chunk: readonly Decision[]): Promise<Decision[] | null> {
  if (deps.lease && !(await deps.lease.leases.stillHeld(tx, deps.lease.held))) return null;
  const { db, t } = tx;
  const ids = chunk.map((decision) => decision.check.id);
  const stored = new Map((await db.select().from(t.quorumProgress).where(inArray(t.quorumProgress.checkId, ids))).map((row) => [row.checkId, row.decidedUntil]));
  const open = await checksWithOpenProbeOutage(tx, ids);
  const written: Decision[] = [];
  const spans: { checkId: string; envId: string; start: number; end: number }[] = [];
  for (const decision of chunk) {
    const { check, from, until, verdict } = decision;
    // Decided meanwhile (by this process before, or by a holder before this one): never twice.
    if ((stored.get(check.id) ?? null) !== decision.decidedUntil) continue;
    const events = verdictEvents(verdict, { start: from, end: until }, open.has(check.id), decision.reasonAt);
    if (events.length) await deps.writeOutageEvents(tx, check, events, deps.now);
    for (const span of verdict.unmonitored) {
      // A span that goes on from the last decision's is extended, not written again beside it.
      if (span.start === from && decision.decidedUntil !== null && (await extendUnmonitored(tx, check, from, span.end))) continue;
      spans.push({ checkId: check.id, envId: check.environmentId, start: span.start, end: span.end });
    }
    written.push(decision);
  }
  for (let n = 0; n < spans.length; n += ROWS_PER_STATEMENT) await db.insert(t.unmonitoredSpans).values(spans.slice(n, n + ROWS_PER_STATEMENT));
  // Progress: one UPDATE per instant decided up to (checks held back by one location's
  // impairment share it), one INSERT for the checks decided for the first time.
  const byUntil = new Map<number, string[]>();
  const first: { checkId: string; decidedUntil: number }[] = [];
  for (const { check, until } of written) {
    if (!stored.has(check.id)) first.push({ checkId: check.id, decidedUntil: until });
    else if (byUntil.has(until)) byUntil.get(until)!.push(check.id);
    else byUntil.set(until, [check.id]);
  }
  for (const [until, checkIds] of byUntil) await db.update(t.quorumProgress).set({ decidedUntil: until }).where(inArray(t.quorumProgress.checkId, checkIds));
  for (let n = 0; n < first.length; n += ROWS_PER_STATEMENT) await db.insert(t.quorumProgress).values(first.slice(n, n + ROWS_PER_STATEMENT));
  return written;
}

/** Extends the check's unmonitored span that ends at `from` up to `end`; false: none ends there. */
async function extendUnmonitored({ db, t }: StoreTx, check: CheckConfig, from: number, end: number): Promise<boolean> {
  const u = t.unmonitoredSpans;
  // By environment first: its index finds the check's spans without reading every span stored.
  const extended = await db
    .update(u)
    .set({ end })
    .where(and(eq(u.envId, check.environmentId), eq(u.checkId, check.id), eq(u.end, from)))
    .returning({ id: u.id });
  return extended.length > 0;
}
