import type Database from 'better-sqlite3';

// Counters and latency histograms of probe results since this process started, kept by
// reading the history tables from where the last scrape stopped. Counting what the prober
// stored (rather than hooking into it) keeps the numbers true to the database and leaves the
// prober untouched; a Prometheus counter may restart from zero with the process.
//
// Results by status come from the runs: the latest run of each check grows in place, so its
// count is read again at each scrape and only the difference counted. Latencies come from the
// minutes (answers only), each minute's contribution remembered while it may still grow: a
// minute's latencies appear a minute or two after it, when the prober writes it.

export const LATENCY_BUCKETS_S = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

export interface CheckTally {
  results: { up: number; degraded: number; down: number };
  /** Cumulative counts per bucket of LATENCY_BUCKETS_S, then the count and sum (seconds). */
  buckets: number[];
  latencyCount: number;
  latencySum: number;
}

export interface ProbeTally {
  /** Reads results stored since the last call and returns the tallies per check id. */
  read(): ReadonlyMap<string, CheckTally>;
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

export function createProbeTally(sqlite: Database.Database): ProbeTally {
  const tallies = new Map<string, CheckTally>();
  const tallyOf = (checkId: string) => {
    let tally = tallies.get(checkId);
    if (!tally) {
      tally = { results: { up: 0, degraded: 0, down: 0 }, buckets: LATENCY_BUCKETS_S.map(() => 0), latencyCount: 0, latencySum: 0 };
      tallies.set(checkId, tally);
    }
    return tally;
  };
  type Run = { id: number; check_id: string; status: 'up' | 'degraded' | 'down'; count: number };
  const latestRuns = sqlite.prepare<[], Run>('SELECT id, check_id, status, count FROM probe_runs WHERE id IN (SELECT max(id) FROM probe_runs GROUP BY check_id)');
  const runCount = sqlite.prepare<[number], { count: number }>('SELECT count FROM probe_runs WHERE id = ?');
  const newRuns = sqlite.prepare<[number], Run>('SELECT id, check_id, status, count FROM probe_runs WHERE id > ? ORDER BY id');
  const recentMinutes = sqlite.prepare<[number], { check_id: string; minute: number; latencies: string }>(
    'SELECT check_id, minute, latencies FROM probe_latency_minutes WHERE minute >= ?',
  );
  const maxMinute = sqlite.prepare<[], { minute: number | null }>('SELECT max(minute) AS minute FROM probe_latency_minutes');

  // What was stored before this process started is not counted.
  const open = new Map<string, Run>();
  let lastRunId = 0;
  const counted = new Map<string, Contribution & { minute: number }>();
  let since = 0;
  sqlite.transaction(() => {
    for (const run of latestRuns.all()) {
      open.set(run.check_id, run);
      lastRunId = Math.max(lastRunId, run.id);
    }
    since = (maxMinute.get()?.minute ?? 0) - MINUTES_STILL_GROWING_MS;
    for (const row of recentMinutes.all(since)) counted.set(`${row.check_id} ${row.minute}`, { minute: row.minute, ...contributionOf(JSON.parse(row.latencies) as number[]) });
  })();

  const read = sqlite.transaction(() => {
    for (const run of open.values()) {
      const now = runCount.get(run.id)?.count;
      if (now === undefined || now === run.count) continue;
      tallyOf(run.check_id).results[run.status] += now - run.count;
      run.count = now;
    }
    for (const run of newRuns.all(lastRunId)) {
      tallyOf(run.check_id).results[run.status] += run.count;
      open.set(run.check_id, run);
      lastRunId = run.id;
    }
    let newest = since;
    for (const row of recentMinutes.all(since)) {
      const key = `${row.check_id} ${row.minute}`;
      const full = contributionOf(JSON.parse(row.latencies) as number[]);
      const before = counted.get(key);
      const tally = tallyOf(row.check_id);
      full.buckets.forEach((n, k) => (tally.buckets[k]! += n - (before?.buckets[k] ?? 0)));
      tally.latencyCount += full.count - (before?.count ?? 0);
      tally.latencySum += full.sum - (before?.sum ?? 0);
      counted.set(key, { minute: row.minute, ...full });
      newest = Math.max(newest, row.minute);
    }
    since = Math.max(since, newest - MINUTES_STILL_GROWING_MS);
    for (const [key, contribution] of counted) if (contribution.minute < since) counted.delete(key);
  });

  return {
    read() {
      read();
      return tallies;
    },
  };
}
