import { and, eq, inArray, max, sql, type SQL } from 'drizzle-orm';
import { IMPLICIT_LOCATION } from '../config/types.ts';
import type { HistoryRows, OpenRun, ResultHistory, StoredMinute, StoredResult } from '../history/result-history.ts';
import type { AnyDialect } from '../store/any-dialect.ts';
import type { PendingResult } from './result-sink.ts';

// Rows per statement: a batch can hold every result kept while the server was away (up to
// 100,000), and a statement takes at most 65,535 parameters.
const ROWS_PER_STATEMENT = 1_000;

/** The results of a run folded in memory, as SQLite's UPDATE applies each (sqliteHistoryRows). */
interface Folded {
  count: number;
  /** The latest instant, and the latency of the last result at or past every one before it. */
  lastAt: number;
  lastLatencyMs: number | null;
  latencyMinMs: number | null;
  latencyMaxMs: number | null;
  latencySumMs: number | null;
}

/** A run begun in the batch. */
interface NewRun extends Folded {
  readonly checkId: string;
  readonly envId: string;
  readonly location: string;
  readonly status: StoredResult['status'];
  readonly reason: string | null;
  readonly firstAt: number;
}

/** What a batch adds to a run already stored, applied by one UPDATE. */
type RunDelta = Folded;

const folded = (at: number, latencyMs: number | null): Folded => ({ count: 1, lastAt: at, lastLatencyMs: latencyMs, latencyMinMs: latencyMs, latencyMaxMs: latencyMs, latencySumMs: latencyMs });

function fold(run: Folded, at: number, latencyMs: number | null): void {
  if (at >= run.lastAt) run.lastLatencyMs = latencyMs;
  run.lastAt = Math.max(run.lastAt, at);
  run.latencyMinMs = least(run.latencyMinMs, latencyMs);
  run.latencyMaxMs = greatest(run.latencyMaxMs, latencyMs);
  run.latencySumMs = plus(run.latencySumMs, latencyMs);
  run.count++;
}

const least = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const greatest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
const plus = (a: number | null, b: number | null) => (b === null ? a : (a ?? 0) + b);
const minuteKey = (checkId: string, minute: number) => `${checkId}\u0000${minute}`;

/**
 * The history's rows for one batch on PostgreSQL: read before the batch in a few queries (the
 * open runs and stored minutes it needs), staged while ResultHistory folds the batch, written
 * after it as multi-row statements, instead of a round trip to the server per result. A run
 * begun in the batch has a provisional (negative) id until it is inserted.
 */
export class StagedHistoryRows implements HistoryRows {
  /** Whose results these are (docs/locations.md). */
  constructor(private readonly location: string = IMPLICIT_LOCATION) {}

  private lastRuns = new Map<string, OpenRun>();
  private minutesRead = new Map<string, StoredMinute>();
  private newRuns = new Map<number, NewRun>();
  /** The latest run begun in the batch, per check: the one left open. */
  private openNewRun = new Map<string, number>();
  private deltas = new Map<number, RunDelta>();
  private failures: Array<{ checkId: string; envId: string; location: string; at: number; latencyMs: number | null; reason: string | null }> = [];
  private minuteWrites = new Map<string, { checkId: string; location: string; minute: number; up: number; degraded: number; p50Ms: number | null; p95Ms: number | null; p99Ms: number | null; maxMs: number | null; latencies: string }>();
  private provisional = 0;

  /** Reads what folding `items` needs and the history does not hold: the latest run of a check, a minute it returns to. */
  async readAhead({ db, t }: AnyDialect, history: ResultHistory, items: readonly PendingResult[]): Promise<void> {
    this.reset();
    const runsOf = new Set<string>();
    const minutes = new Map<string, { checkId: string; minute: number }>();
    for (const { check, at, result } of items) {
      if (!result) continue;
      if (!history.knowsRunOf(check.id)) runsOf.add(check.id);
      const minute = at - (at % 60_000);
      if (result.status !== 'down' && history.minuteOf(check.id) !== minute) minutes.set(minuteKey(check.id, minute), { checkId: check.id, minute });
    }
    for (const checkIds of chunks([...runsOf])) {
      const latest = db
        .select({ id: max(t.probeRuns.id) })
        .from(t.probeRuns)
        .where(and(inArray(t.probeRuns.checkId, checkIds), eq(t.probeRuns.location, this.location)))
        .groupBy(t.probeRuns.checkId);
      const rows = await db.select({ id: t.probeRuns.id, checkId: t.probeRuns.checkId, status: t.probeRuns.status, reason: t.probeRuns.reason }).from(t.probeRuns).where(inArray(t.probeRuns.id, latest));
      for (const row of rows) this.lastRuns.set(row.checkId, { id: row.id, status: row.status, reason: row.reason });
    }
    for (const wanted of chunks([...minutes.values()])) {
      const m = t.probeLatencyMinutes;
      const rows = await db
        .select({ checkId: m.checkId, minute: m.minute, up: m.up, degraded: m.degraded, latencies: m.latencies })
        .from(m)
        .where(and(inArray(m.checkId, [...new Set(wanted.map((w) => w.checkId))]), eq(m.location, this.location), inArray(m.minute, [...new Set(wanted.map((w) => w.minute))])));
      for (const row of rows) this.minutesRead.set(minuteKey(row.checkId, row.minute), row);
    }
  }

  lastRun(checkId: string): OpenRun | undefined {
    return this.lastRuns.get(checkId);
  }

  insertRun(run: { checkId: string; envId: string; status: StoredResult['status']; reason: string | null; at: number; latencyMs: number | null }): number {
    const id = --this.provisional;
    this.newRuns.set(id, { checkId: run.checkId, envId: run.envId, location: this.location, status: run.status, reason: run.reason, firstAt: run.at, ...folded(run.at, run.latencyMs) });
    this.openNewRun.set(run.checkId, id);
    return id;
  }

  extendRun(id: number, at: number, latencyMs: number | null): void {
    const run = this.newRuns.get(id) ?? this.deltas.get(id);
    if (run) fold(run, at, latencyMs);
    else this.deltas.set(id, folded(at, latencyMs));
  }

  insertFailure(checkId: string, envId: string, at: number, latencyMs: number | null, reason: string | null): void {
    this.failures.push({ checkId, envId, location: this.location, at, latencyMs, reason });
  }

  readMinute(checkId: string, minute: number): StoredMinute | undefined {
    const key = minuteKey(checkId, minute);
    return this.minuteWrites.get(key) ?? this.minutesRead.get(key);
  }

  writeMinute(checkId: string, minute: number, row: { up: number; degraded: number; p50: number | null; p95: number | null; p99: number | null; max: number | null; latencies: string }): void {
    this.minuteWrites.set(minuteKey(checkId, minute), { checkId, location: this.location, minute, up: row.up, degraded: row.degraded, p50Ms: row.p50, p95Ms: row.p95, p99Ms: row.p99, maxMs: row.max, latencies: row.latencies });
  }

  /** Writes what the batch staged, in the transaction; the runs it began get their ids in the history. */
  async write(tx: AnyDialect, history: ResultHistory): Promise<void> {
    const { db, t } = tx;
    for (const rows of chunks(this.failures)) await db.insert(t.probeFailures).values(rows);
    // Runs a later one of the batch closed first, then the open ones: a check's open run keeps the highest id.
    const open = new Set(this.openNewRun.values());
    const closed = [...this.newRuns].filter(([id]) => !open.has(id)).map(([, run]) => run);
    for (const rows of chunks(closed)) await db.insert(t.probeRuns).values(rows);
    const ids = new Map<number, number>();
    for (const provisional of chunks([...open])) {
      const inserted = await db
        .insert(t.probeRuns)
        .values(provisional.map((id) => this.newRuns.get(id)!))
        .returning({ id: t.probeRuns.id, checkId: t.probeRuns.checkId });
      for (const row of inserted) ids.set(this.openNewRun.get(row.checkId)!, row.id);
    }
    if (ids.size) history.renumberRuns(ids);
    for (const deltas of chunks([...this.deltas])) await execute(tx, extendRuns(deltas));
    const m = t.probeLatencyMinutes;
    for (const rows of chunks([...this.minuteWrites.values()])) {
      await db
        .insert(m)
        .values(rows)
        .onConflictDoUpdate({
          target: [m.checkId, m.location, m.minute],
          set: {
            up: sql`excluded.up`,
            degraded: sql`excluded.degraded`,
            p50Ms: sql`excluded.p50_ms`,
            p95Ms: sql`excluded.p95_ms`,
            p99Ms: sql`excluded.p99_ms`,
            maxMs: sql`excluded.max_ms`,
            latencies: sql`excluded.latencies`,
          },
        });
    }
    this.reset();
  }

  private reset(): void {
    this.lastRuns = new Map();
    this.minutesRead = new Map();
    this.newRuns = new Map();
    this.openNewRun = new Map();
    this.deltas = new Map();
    this.failures = [];
    this.minuteWrites = new Map();
  }
}

/** One UPDATE for many runs, each as SQLite's per-result UPDATE would leave it (LEAST and GREATEST ignore nulls). */
function extendRuns(deltas: ReadonlyArray<[number, RunDelta]>): SQL {
  const values = sql.join(
    deltas.map(
      ([id, d]) =>
        sql`(${id}::bigint, ${d.count}::bigint, ${d.lastAt}::bigint, ${d.lastLatencyMs}::bigint, ${d.latencyMinMs}::bigint, ${d.latencyMaxMs}::bigint, ${d.latencySumMs}::bigint)`,
    ),
    sql`, `,
  );
  return sql`UPDATE probe_runs AS r SET
      count = r.count + v.n,
      last_latency_ms = CASE WHEN v.last_at >= r.last_at THEN v.last_latency ELSE r.last_latency_ms END,
      last_at = GREATEST(r.last_at, v.last_at),
      latency_min_ms = LEAST(r.latency_min_ms, v.min),
      latency_max_ms = GREATEST(r.latency_max_ms, v.max),
      latency_sum_ms = CASE WHEN v.sum IS NULL THEN r.latency_sum_ms ELSE coalesce(r.latency_sum_ms, 0) + v.sum END
    FROM (VALUES ${values}) AS v(id, n, last_at, last_latency, min, max, sum)
    WHERE r.id = v.id`;
}

/** A raw statement on PostgreSQL (the store's dialect is typed as SQLite's for queries written once for both). */
async function execute(tx: { db: unknown }, statement: SQL): Promise<void> {
  await (tx.db as { execute(query: SQL): Promise<unknown> }).execute(statement);
}

/** The rows in slices of `size` (by default as many as one statement takes). */
export function chunks<T>(rows: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let from = 0; from < rows.length; from += size) out.push(rows.slice(from, from + size));
  return out;
}
