import { and, gt, inArray, isNull, max, min, ne, or } from 'drizzle-orm';
import type { AnyDialect } from '../store/any-dialect.ts';
import { chunks } from '../prober/postgres-history-rows.ts';
import type { LocationFacts } from '../quorum/location-view.ts';

/** A location's facts of a check, with the reasons of its outages (the check's outage takes one). */
export interface StoredLocationFacts extends LocationFacts {
  readonly outages: readonly { readonly start: number; readonly end: number | null; readonly lastDownAt: number; readonly reason: string | null }[];
}

const key = (location: string, checkId: string) => `${location}\u0000${checkId}`;

/**
 * What every location stored of the given checks, from `since` on (outages and gaps that end
 * before it are decided already), in a few queries per 1,000 checks: first and latest result,
 * the latest status and answer, the outages and gaps. Keyed by location and check.
 */
export async function readLocationFacts({ db, t }: AnyDialect, checkIds: readonly string[], since: number): Promise<Map<string, StoredLocationFacts>> {
  type Facts = { -readonly [K in keyof StoredLocationFacts]: StoredLocationFacts[K] } & { outages: StoredLocationFacts['outages'][number][]; gaps: { start: number; end: number }[] };
  const facts = new Map<string, Facts>();
  const of = (location: string, checkId: string): Facts => {
    let found = facts.get(key(location, checkId));
    if (!found) facts.set(key(location, checkId), (found = { outages: [], gaps: [], firstAt: null, lastAt: null, latestDown: false, lastAnswerAt: null }));
    return found;
  };
  const r = t.probeRuns;
  for (const ids of chunks(checkIds)) {
    const spans = await db
      .select({ checkId: r.checkId, location: r.location, firstAt: min(r.firstAt), lastAt: max(r.lastAt) })
      .from(r)
      .where(inArray(r.checkId, ids))
      .groupBy(r.checkId, r.location);
    for (const row of spans) Object.assign(of(row.location, row.checkId), { firstAt: row.firstAt, lastAt: row.lastAt });
    const newest = db.select({ id: max(r.id) }).from(r).where(inArray(r.checkId, ids)).groupBy(r.checkId, r.location);
    for (const row of await db.select({ checkId: r.checkId, location: r.location, status: r.status }).from(r).where(inArray(r.id, newest))) {
      of(row.location, row.checkId).latestDown = row.status === 'down';
    }
    const answers = await db
      .select({ checkId: r.checkId, location: r.location, at: max(r.lastAt) })
      .from(r)
      .where(and(inArray(r.checkId, ids), ne(r.status, 'down')))
      .groupBy(r.checkId, r.location);
    for (const row of answers) of(row.location, row.checkId).lastAnswerAt = row.at;
    const o = t.locationOutages;
    const outages = await db
      .select({ checkId: o.checkId, location: o.location, start: o.start, end: o.end, lastDownAt: o.lastDownAt, reason: o.reason })
      .from(o)
      .where(and(inArray(o.checkId, ids), or(isNull(o.end), gt(o.end, since))))
      .orderBy(o.start);
    for (const { checkId, location, ...outage } of outages) of(location, checkId).outages.push(outage);
    const g = t.locationGaps;
    const gaps = await db
      .select({ checkId: g.checkId, location: g.location, start: g.start, end: g.end })
      .from(g)
      .where(and(inArray(g.checkId, ids), gt(g.end, since)))
      .orderBy(g.start);
    for (const { checkId, location, ...gap } of gaps) of(location, checkId).gaps.push(gap);
  }
  return facts;
}

/** The facts of one location of one check (none stored: it never probed it). */
export function factsOf(facts: ReadonlyMap<string, StoredLocationFacts>, location: string, checkId: string): StoredLocationFacts {
  return facts.get(key(location, checkId)) ?? { outages: [], gaps: [], firstAt: null, lastAt: null, latestDown: false, lastAnswerAt: null };
}

/** How far the quorum has decided each check (absent: not yet). */
export async function readProgress({ db, t }: AnyDialect, checkIds: readonly string[]): Promise<Map<string, number>> {
  const progress = new Map<string, number>();
  for (const ids of chunks(checkIds)) {
    for (const row of await db.select().from(t.quorumProgress).where(inArray(t.quorumProgress.checkId, ids))) progress.set(row.checkId, row.decidedUntil);
  }
  return progress;
}

