import type Database from 'better-sqlite3';

// Counters and latency histograms of probe results since this process started, kept by
// reading the results table from where the last scrape stopped. Counting what the prober
// stored (rather than hooking into it) keeps the numbers true to the database and leaves the
// prober untouched; a Prometheus counter may restart from zero with the process.

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

const BATCH = 10_000;

export function createProbeTally(sqlite: Database.Database): ProbeTally {
  const start = sqlite.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM probe_results').get();
  let cursor = start?.id ?? 0;
  const tallies = new Map<string, CheckTally>();
  const next = sqlite.prepare<[number, number], { id: number; check_id: string; status: 'up' | 'degraded' | 'down'; latency_ms: number | null }>(
    'SELECT id, check_id, status, latency_ms FROM probe_results WHERE id > ? ORDER BY id LIMIT ?',
  );
  return {
    read() {
      for (;;) {
        const rows = next.all(cursor, BATCH);
        for (const row of rows) {
          let tally = tallies.get(row.check_id);
          if (!tally) {
            tally = { results: { up: 0, degraded: 0, down: 0 }, buckets: LATENCY_BUCKETS_S.map(() => 0), latencyCount: 0, latencySum: 0 };
            tallies.set(row.check_id, tally);
          }
          tally.results[row.status]++;
          // Latency of an answer; a failure's "latency" (often the timeout) says nothing of speed.
          if (row.status !== 'down' && row.latency_ms !== null) {
            const seconds = row.latency_ms / 1000;
            LATENCY_BUCKETS_S.forEach((bound, k) => {
              if (seconds <= bound) tally!.buckets[k]!++;
            });
            tally.latencyCount++;
            tally.latencySum += seconds;
          }
          cursor = row.id;
        }
        if (rows.length < BATCH) break;
      }
      return tallies;
    },
  };
}
