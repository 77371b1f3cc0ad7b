import { gt, gte, inArray, max, sql } from 'drizzle-orm';
import type { AnyDialect } from '../../store/any-dialect.ts';

// Counters and latency histograms of probe results since this process started, kept by
// reading the history tables from where the last scrape stopped. Counting what the prober
// stored (rather than hooking into it) keeps the numbers true to the database and leaves the
// prober untouched; a Prometheus counter may restart from zero with the process.
//
// Results by status come from the runs: the latest run of each check at each location grows in
// place, so its count is read again at each scrape and only the difference counted. Latencies
// come from the minutes (answers only), each minute's contribution remembered while it may
// still grow: a minute's latencies appear a minute or two after it, when the prober writes it.
// Each location's runs and minutes are its own (docs/locations.md): they are tallied apart,
// each result once, under the location that took it.

export const LATENCY_BUCKETS_S = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

export interface CheckTally {
  results: { up: number; degraded: number; down: number };
  /** Cumulative counts per bucket of LATENCY_BUCKETS_S, then the count and sum (seconds). */
  buckets: number[];
  latencyCount: number;
  latencySum: number;
}

/** The tallies of one check, per location (`default` without configured locations). */
export type LocationTallies = ReadonlyMap<string, CheckTally>;

export interface ProbeTally {
  /** Reads results stored since the last call and returns the tallies per check id, then per location. */
  read(): Promise<ReadonlyMap<string, LocationTallies>>;
}

// A minute is written at the latest a minute after it ends; later additions (after a restart) are not counted.
const MINUTE_MS = 60_000;
const MINUTES_STILL_GROWING_MS = 3 * MINUTE_MS;

interface Contribution {
  buckets: number[];
  count: number;
  sum: number;
}

function contributionOf(latencies: readonly number[]): Contribution {
  const buckets = LATENCY_BUCKETS_S.map(() => 0);
  let sum = 0;
  for (const latencyMs of latencies) {
    const seconds = latencyMs / 1000;
    LATENCY_BUCKETS_S.forEach((bound, k) => {
      if (seconds <= bound) buckets[k]!++;
    });
    sum += seconds;
  }
  return { buckets, count: latencies.length, sum };
}

/** Run ids in one IN list: well under SQLite's and PostgreSQL's limits on parameters. */
const RUNS_PER_QUERY = 500;

/**
 * Tallies read from either store. Each read is a few queries (none per check: on a server each
 * would cost a round trip), outside any transaction: the counts they add only grow, so a result
 * stored between two of them is counted by the next scrape. Reads run one after the other.
 */
export function createProbeTally({ db, t }: AnyDialect): ProbeTally {
  const tallies = new Map<string, Map<string, CheckTally>>();
  const tallyOf = (checkId: string, location: string) => {
    let ofCheck = tallies.get(checkId);
    if (!ofCheck) tallies.set(checkId, (ofCheck = new Map()));
    let tally = ofCheck.get(location);
    if (!tally) {
      tally = { results: { up: 0, degraded: 0, down: 0 }, buckets: LATENCY_BUCKETS_S.map(() => 0), latencyCount: 0, latencySum: 0 };
      ofCheck.set(location, tally);
    }
    return tally;
  };
  const run = { id: t.probeRuns.id, checkId: t.probeRuns.checkId, location: t.probeRuns.location, status: t.probeRuns.status, count: t.probeRuns.count };
  type Run = { id: number; checkId: string; location: string; status: 'up' | 'degraded' | 'down'; count: number };
  const m = t.probeLatencyMinutes;
  const minuteColumns = { checkId: m.checkId, location: m.location, minute: m.minute, latencies: m.latencies };
  const recentMinutes = (since: number) => db.select(minuteColumns).from(m).where(gte(m.minute, since));
  // A check's open run and its minutes are one location's: two locations of one check never share a key.
  const keyOf = (row: { checkId: string; location: string }) => `${row.checkId}\u0000${row.location}`;

  // What was stored before this process started is not counted.
  const open = new Map<string, Run>(); // by keyOf
  let lastRunId = 0;
  const counted = new Map<string, Contribution & { minute: number }>();
  let since = 0;
  const begin = () => {
    // Both asked at once, in this turn (on SQLite answered in it): the tally starts where the
    // history stands when it is created, not a few turns later.
    const latest = db.select({ id: max(t.probeRuns.id) }).from(t.probeRuns).groupBy(t.probeRuns.checkId, t.probeRuns.location);
    const startingRuns = askedNow(db.select(run).from(t.probeRuns).where(inArray(t.probeRuns.id, latest)));
    const startingMinutes = askedNow(db.select(minuteColumns).from(m).where(gte(m.minute, sql`(select max(${m.minute}) from ${m}) - ${MINUTES_STILL_GROWING_MS}`)));
    return (async () => {
      // Both awaited together: the one not awaited first must not reject unhandled.
      const [runs, minutes] = await Promise.all([startingRuns, startingMinutes]);
      for (const row of runs) {
        open.set(keyOf(row), row);
        lastRunId = Math.max(lastRunId, row.id);
      }
      since = minutes.reduce((newest, row) => Math.max(newest, row.minute), 0) - MINUTES_STILL_GROWING_MS;
      for (const row of minutes) counted.set(`${keyOf(row)} ${row.minute}`, { minute: row.minute, ...contributionOf(JSON.parse(row.latencies) as number[]) });
    })();
  };
  // Awaited by the first scrape; meanwhile a database out of reach must not leave it rejected
  // with nobody to handle it (that ends the process). A scrape after a failed start begins
  // again: what is stored until then is not counted, as what was stored before the start.
  let begun = begin();
  begun.catch(() => undefined);
  let done: Promise<unknown> = begun;

  async function read(): Promise<void> {
    const runs = [...open.values()];
    for (let from = 0; from < runs.length; from += RUNS_PER_QUERY) {
      const byId = new Map(runs.slice(from, from + RUNS_PER_QUERY).map((known) => [known.id, known]));
      for (const row of await db.select({ id: t.probeRuns.id, count: t.probeRuns.count }).from(t.probeRuns).where(inArray(t.probeRuns.id, [...byId.keys()]))) {
        const known = byId.get(row.id)!;
        if (row.count === known.count) continue;
        tallyOf(known.checkId, known.location).results[known.status] += row.count - known.count;
        known.count = row.count;
      }
    }
    for (const row of await db.select(run).from(t.probeRuns).where(gt(t.probeRuns.id, lastRunId)).orderBy(t.probeRuns.id)) {
      tallyOf(row.checkId, row.location).results[row.status] += row.count;
      open.set(keyOf(row), row);
      lastRunId = row.id;
    }
    let newest = since;
    for (const row of await recentMinutes(since)) {
      const key = `${keyOf(row)} ${row.minute}`;
      const full = contributionOf(JSON.parse(row.latencies) as number[]);
      const before = counted.get(key);
      const tally = tallyOf(row.checkId, row.location);
      full.buckets.forEach((n, k) => (tally.buckets[k]! += n - (before?.buckets[k] ?? 0)));
      tally.latencyCount += full.count - (before?.count ?? 0);
      tally.latencySum += full.sum - (before?.sum ?? 0);
      counted.set(key, { minute: row.minute, ...full });
      newest = Math.max(newest, row.minute);
    }
    since = Math.max(since, newest - MINUTES_STILL_GROWING_MS);
    for (const [key, contribution] of counted) if (contribution.minute < since) counted.delete(key);
  }

  return {
    async read() {
      // Two scrapes at once would count the same difference twice.
      const mine = done
        .catch(() => undefined)
        .then(() => begun.catch(() => (begun = begin())))
        .then(read);
      done = mine;
      await mine;
      return tallies;
    },
  };
}

/** Sends a query now rather than when first awaited (a drizzle query runs when its `then` is called). */
function askedNow<T>(query: PromiseLike<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => query.then(resolve, reject));
}
