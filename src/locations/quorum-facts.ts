import { and, gt, inArray, isNull, max, min, ne, or } from 'drizzle-orm';
import type { AnyDialect } from '../store/any-dialect.ts';
import { chunks } from '../prober/postgres-history-rows.ts';
import type { LocationFacts } from '../quorum/location-view.ts';

/** A location's facts of a check, with the reasons of its outages (the check's outage takes one). */
export interface StoredLocationFacts extends LocationFacts {
  readonly outages: readonly { readonly start: number; readonly end: number | null; readonly lastDownAt: number; readonly reason: string | null }[];
}

type Run = { id: number; checkId: string; location: string; status: 'up' | 'degraded' | 'down'; firstAt: number; lastAt: number };
type Outage = { id: number; checkId: string; location: string; start: number; end: number | null; lastDownAt: number; reason: string | null };
type Gap = { id: number; checkId: string; location: string; start: number; end: number };

/** What is known of one location's word on one check. Every merge is idempotent: a row read twice changes nothing. */
interface Pair {
  firstAt: number | null;
  /** Its run in progress: the highest id seen. */
  newest: { id: number; status: Run['status']; lastAt: number } | null;
  lastAnswerAt: number | null;
  outages: Map<number, Outage>;
  gaps: Map<number, Gap>;
  /** The facts as the quorum reads them, built again after a change. */
  built: StoredLocationFacts | null;
}

const NEVER: StoredLocationFacts = { outages: [], gaps: [], firstAt: null, lastAt: null, latestDown: false, lastAnswerAt: null };
const FOREVER = Number.MAX_SAFE_INTEGER;

/**
 * What every location stored of the checks, kept between the quorum's rounds and brought up to
 * date by what changed (docs/locations.md, "What runs"): a check is read in full once (its
 * first and latest result, its latest answer, its outages and gaps not yet decided), then each
 * round reads only rows added since the last one (runs, location outages and gaps by id) and
 * rows that can still change: each location's run in progress (one row per check and location,
 * by id) and its open outages. Nothing else changes once written: a run is extended only while
 * it is the latest of its check at its location, an outage only while open, a gap never.
 *
 * Reading by id is complete because every write takes the store's one writer (SQLite's
 * connection, PostgreSQL's advisory lock, src/store/postgres-store.ts) before its rows get
 * their ids, so rows become visible in the order of their ids.
 */
export class LocationFactsCache {
  /** By check, then location. */
  private readonly pairs = new Map<string, Map<string, Pair>>();
  private readonly loaded = new Set<string>();
  private cursors: { runs: number; outages: number; gaps: number } | null = null;

  /** Brings the facts of `checkIds` up to date; `since(checkId)`: before it, what is decided (outages and gaps ending earlier are not read). */
  async refresh(dialect: AnyDialect, checkIds: readonly string[], since: (checkId: string) => number): Promise<void> {
    if (this.cursors) await this.readChanges(dialect);
    else this.cursors = await readCursors(dialect);
    const missing = checkIds.filter((id) => !this.loaded.has(id));
    if (missing.length) await this.load(dialect, missing, missing.reduce((earliest, id) => Math.min(earliest, since(id)), FOREVER));
  }

  /** The facts of one location of one check (none stored: it never probed it). */
  of(location: string, checkId: string): StoredLocationFacts {
    const pair = this.pairs.get(checkId)?.get(location);
    if (!pair) return NEVER;
    pair.built ??= {
      firstAt: pair.firstAt,
      lastAt: pair.newest?.lastAt ?? null,
      latestDown: pair.newest?.status === 'down',
      lastAnswerAt: pair.lastAnswerAt,
      outages: [...pair.outages.values()].sort((a, b) => a.start - b.start).map(({ start, end, lastDownAt, reason }) => ({ start, end, lastDownAt, reason })),
      gaps: [...pair.gaps.values()].sort((a, b) => a.start - b.start).map(({ start, end }) => ({ start, end })),
    };
    return pair.built;
  }

  /**
   * Lets go of what the check's decision up to `until` no longer needs: outages and gaps ended
   * by then, except the latest ended of each (a location's word is settled up to it).
   */
  forget(checkId: string, locations: readonly string[], until: number): void {
    for (const location of locations) {
      const pair = this.pairs.get(checkId)?.get(location);
      if (!pair) continue;
      if (dropEnded(pair.outages, until) + dropEnded(pair.gaps, until) > 0) pair.built = null;
    }
  }

  private pair(location: string, checkId: string): Pair {
    let ofCheck = this.pairs.get(checkId);
    if (!ofCheck) this.pairs.set(checkId, (ofCheck = new Map()));
    let pair = ofCheck.get(location);
    if (!pair) ofCheck.set(location, (pair = { firstAt: null, newest: null, lastAnswerAt: null, outages: new Map(), gaps: new Map(), built: null }));
    return pair;
  }

  /** A run as read, whenever it was read. Returns the run in progress it supersedes, if that one answered (its last instant may have moved since it was read). */
  private mergeRun(run: Run): number | null {
    const pair = this.pair(run.location, run.checkId);
    const firstAt = pair.firstAt === null ? run.firstAt : Math.min(pair.firstAt, run.firstAt);
    const lastAnswerAt = run.status === 'down' ? pair.lastAnswerAt : Math.max(pair.lastAnswerAt ?? -FOREVER, run.lastAt);
    if (firstAt !== pair.firstAt || lastAnswerAt !== pair.lastAnswerAt) Object.assign(pair, { firstAt, lastAnswerAt, built: null });
    const before = pair.newest;
    if (before && run.id < before.id) return null;
    if (before?.id === run.id && before.lastAt === run.lastAt) return null;
    pair.newest = { id: run.id, status: run.status, lastAt: run.lastAt };
    pair.built = null;
    return before && before.id !== run.id && before.status !== 'down' ? before.id : null;
  }

  private mergeOutage(outage: Outage): void {
    const pair = this.pair(outage.location, outage.checkId);
    const known = pair.outages.get(outage.id);
    if (known && known.end === outage.end && known.lastDownAt === outage.lastDownAt) return;
    pair.outages.set(outage.id, outage);
    pair.built = null;
  }

  private mergeGap(gap: Gap): void {
    const pair = this.pair(gap.location, gap.checkId);
    if (pair.gaps.has(gap.id)) return;
    pair.gaps.set(gap.id, gap);
    pair.built = null;
  }

  private loadedFirstAt(location: string, checkId: string, firstAt: number): void {
    const pair = this.pair(location, checkId);
    if (pair.firstAt !== null && pair.firstAt <= firstAt) return;
    pair.firstAt = firstAt;
    pair.built = null;
  }

  private loadedAnswer(location: string, checkId: string, at: number): void {
    const pair = this.pair(location, checkId);
    if (pair.lastAnswerAt !== null && pair.lastAnswerAt >= at) return;
    pair.lastAnswerAt = at;
    pair.built = null;
  }

  /** Rows added since the last round, then the runs in progress and the open outages as they are now. */
  private async readChanges({ db, t }: AnyDialect): Promise<void> {
    const cursors = this.cursors!;
    const r = t.probeRuns;
    const superseded: number[] = [];
    for (const run of await db.select(runColumns(t)).from(r).where(gt(r.id, cursors.runs))) {
      cursors.runs = Math.max(cursors.runs, run.id);
      const before = this.mergeRun(run);
      if (before !== null) superseded.push(before);
    }
    const o = t.locationOutages;
    for (const outage of await db.select(outageColumns(t)).from(o).where(gt(o.id, cursors.outages))) {
      cursors.outages = Math.max(cursors.outages, outage.id);
      this.mergeOutage(outage);
    }
    const g = t.locationGaps;
    for (const gap of await db.select(gapColumns(t)).from(g).where(gt(g.id, cursors.gaps))) {
      cursors.gaps = Math.max(cursors.gaps, gap.id);
      this.mergeGap(gap);
    }
    const inProgress = [...superseded];
    const open: number[] = [];
    for (const ofCheck of this.pairs.values()) {
      for (const pair of ofCheck.values()) {
        if (pair.newest) inProgress.push(pair.newest.id);
        for (const outage of pair.outages.values()) if (outage.end === null) open.push(outage.id);
      }
    }
    for (const ids of chunks(inProgress)) for (const run of await db.select(runColumns(t)).from(r).where(inArray(r.id, ids))) this.mergeRun(run);
    for (const ids of chunks(open)) for (const outage of await db.select(outageColumns(t)).from(o).where(inArray(o.id, ids))) this.mergeOutage(outage);
  }

  /** Everything stored of checks read for the first time: a few queries per 1,000 checks. */
  private async load({ db, t }: AnyDialect, checkIds: readonly string[], since: number): Promise<void> {
    const r = t.probeRuns;
    for (const ids of chunks(checkIds)) {
      for (const row of await db.select({ checkId: r.checkId, location: r.location, firstAt: min(r.firstAt) }).from(r).where(inArray(r.checkId, ids)).groupBy(r.checkId, r.location)) {
        if (row.firstAt !== null) this.loadedFirstAt(row.location, row.checkId, row.firstAt);
      }
      const newest = db.select({ id: max(r.id) }).from(r).where(inArray(r.checkId, ids)).groupBy(r.checkId, r.location);
      for (const run of await db.select(runColumns(t)).from(r).where(inArray(r.id, newest))) this.mergeRun(run);
      const answers = await db
        .select({ checkId: r.checkId, location: r.location, at: max(r.lastAt) })
        .from(r)
        .where(and(inArray(r.checkId, ids), ne(r.status, 'down')))
        .groupBy(r.checkId, r.location);
      for (const row of answers) {
        if (row.at !== null) this.loadedAnswer(row.location, row.checkId, row.at);
      }
      const o = t.locationOutages;
      for (const outage of await db.select(outageColumns(t)).from(o).where(and(inArray(o.checkId, ids), or(isNull(o.end), gt(o.end, since))))) this.mergeOutage(outage);
      const g = t.locationGaps;
      for (const gap of await db.select(gapColumns(t)).from(g).where(and(inArray(g.checkId, ids), gt(g.end, since)))) this.mergeGap(gap);
      for (const id of ids) this.loaded.add(id);
    }
  }
}

const runColumns = (t: AnyDialect['t']) => ({ id: t.probeRuns.id, checkId: t.probeRuns.checkId, location: t.probeRuns.location, status: t.probeRuns.status, firstAt: t.probeRuns.firstAt, lastAt: t.probeRuns.lastAt });
const outageColumns = ({ locationOutages: o }: AnyDialect['t']) => ({ id: o.id, checkId: o.checkId, location: o.location, start: o.start, end: o.end, lastDownAt: o.lastDownAt, reason: o.reason });
const gapColumns = ({ locationGaps: g }: AnyDialect['t']) => ({ id: g.id, checkId: g.checkId, location: g.location, start: g.start, end: g.end });

/** The highest ids stored now: read before anything else, so that a row written meanwhile is read by the next round. */
async function readCursors({ db, t }: AnyDialect): Promise<{ runs: number; outages: number; gaps: number }> {
  const [runs] = await db.select({ id: max(t.probeRuns.id) }).from(t.probeRuns);
  const [outages] = await db.select({ id: max(t.locationOutages.id) }).from(t.locationOutages);
  const [gaps] = await db.select({ id: max(t.locationGaps.id) }).from(t.locationGaps);
  return { runs: runs?.id ?? 0, outages: outages?.id ?? 0, gaps: gaps?.id ?? 0 };
}

/** Drops the rows ended by `until` but the latest ended; how many went. */
function dropEnded(rows: Map<number, { end: number | null }>, until: number): number {
  let latest: [number, number] | null = null;
  const ended: number[] = [];
  for (const [id, row] of rows) {
    if (row.end === null || row.end > until) continue;
    ended.push(id);
    if (!latest || row.end > latest[1]) latest = [id, row.end];
  }
  for (const id of ended) if (id !== latest![0]) rows.delete(id);
  return Math.max(0, ended.length - 1);
}

/** What every location stored of the given checks, from `since` on (outages and gaps that end before it are decided already), read at once. */
export async function readLocationFacts(dialect: AnyDialect, checkIds: readonly string[], since: number): Promise<LocationFactsCache> {
  const facts = new LocationFactsCache();
  await facts.refresh(dialect, checkIds, () => since);
  return facts;
}

/** The facts of one location of one check (none stored: it never probed it). */
export function factsOf(facts: LocationFactsCache, location: string, checkId: string): StoredLocationFacts {
  return facts.of(location, checkId);
}

/** How far the quorum has decided each check (absent: not yet). */
export async function readProgress({ db, t }: AnyDialect, checkIds: readonly string[]): Promise<Map<string, number>> {
  const progress = new Map<string, number>();
  for (const ids of chunks(checkIds)) {
    for (const row of await db.select().from(t.quorumProgress).where(inArray(t.quorumProgress.checkId, ids))) progress.set(row.checkId, row.decidedUntil);
  }
  return progress;
}
