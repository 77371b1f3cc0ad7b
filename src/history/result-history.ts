import type Database from 'better-sqlite3';
import { IMPLICIT_LOCATION } from '../config/types.ts';
import { nearestRank } from '../prober/percentile.ts';

export const MINUTE_MS = 60_000;

export interface StoredResult {
  readonly checkId: string;
  readonly envId: string;
  readonly at: number;
  readonly status: 'up' | 'degraded' | 'down';
  readonly latencyMs?: number | null;
  readonly reason?: string | null;
  /** The result follows a span without results (unmonitored): it starts a run of its own. */
  readonly afterGap?: boolean;
}

interface Minute {
  readonly minute: number;
  up: number;
  degraded: number;
  /** Ascending. */
  latencies: number[];
  /** Changed since last written. */
  dirty: boolean;
}

type MinuteBefore = { readonly minute: Minute | undefined; readonly up: number; readonly degraded: number; readonly latencies: number[]; readonly dirty: boolean };

export interface OpenRun {
  readonly id: number;
  readonly status: string;
  readonly reason: string | null;
}

/** A minute of answers as stored: counts by status and its latencies as a JSON list. */
export interface StoredMinute {
  readonly up: number;
  readonly degraded: number;
  readonly latencies: string;
}

/**
 * The rows the history reads and writes for one location (each location's results are its own
 * runs, failures and minutes), synchronously: prepared statements on SQLite
 * (sqliteHistoryRows), or rows staged for a batch's multi-row statements (PostgreSQL,
 * src/prober/postgres-history-rows.ts). An extension applies one result to a run as
 * sqliteHistoryRows' UPDATE says.
 */
export interface HistoryRows {
  /** The latest run of a check, or undefined when it has none. */
  lastRun(checkId: string): OpenRun | undefined;
  /** A new run of one result; returns its id. */
  insertRun(run: { checkId: string; envId: string; status: StoredResult['status']; reason: string | null; at: number; latencyMs: number | null }): number;
  extendRun(id: number, at: number, latencyMs: number | null): void;
  insertFailure(checkId: string, envId: string, at: number, latencyMs: number | null, reason: string | null): void;
  readMinute(checkId: string, minute: number): StoredMinute | undefined;
  /** The whole minute, replacing what was stored for it. */
  writeMinute(checkId: string, minute: number, row: { up: number; degraded: number; p50: number | null; p95: number | null; p99: number | null; max: number | null; latencies: string }): void;
}

/** The history's rows on SQLite: prepared statements, run at once on the connection's open transaction; the results of one location. */
export function sqliteHistoryRows(sqlite: Database.Database, location: string = IMPLICIT_LOCATION): HistoryRows {
  // The latest run of a check at this location: its highest id there (the index on check_id walks its runs from the newest).
  const lastRun = sqlite.prepare<[string, string], OpenRun>('SELECT id, status, reason FROM probe_runs WHERE check_id = ? AND location = ? ORDER BY id DESC LIMIT 1');
  const insertRun = sqlite.prepare(
    `INSERT INTO probe_runs (check_id, env_id, location, status, reason, first_at, last_at, count, latency_min_ms, latency_max_ms, latency_sum_ms, last_latency_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
  );
  // A check's results come in order (one probe of it at a time), so first_at stays; last_at keeps
  // its maximum if the wall clock steps back; coalesce: a run folded from old rows may lack latencies.
  const extendRun = sqlite.prepare(
    `UPDATE probe_runs SET count = count + 1,
       last_latency_ms = CASE WHEN ? >= last_at THEN ? ELSE last_latency_ms END,
       last_at = max(last_at, ?),
       latency_min_ms = min(coalesce(latency_min_ms, ?), coalesce(?, latency_min_ms)),
       latency_max_ms = max(coalesce(latency_max_ms, ?), coalesce(?, latency_max_ms)),
       latency_sum_ms = CASE WHEN ? IS NULL THEN latency_sum_ms ELSE coalesce(latency_sum_ms, 0) + ? END
     WHERE id = ?`,
  );
  const insertFailure = sqlite.prepare('INSERT INTO probe_failures (check_id, env_id, location, at, latency_ms, reason) VALUES (?, ?, ?, ?, ?, ?)');
  const readMinute = sqlite.prepare<[string, string, number], StoredMinute>('SELECT up, degraded, latencies FROM probe_latency_minutes WHERE check_id = ? AND location = ? AND minute = ?');
  const writeMinute = sqlite.prepare(
    'INSERT OR REPLACE INTO probe_latency_minutes (check_id, location, minute, up, degraded, p50_ms, p95_ms, p99_ms, max_ms, latencies) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  return {
    lastRun: (checkId) => lastRun.get(checkId, location),
    insertRun: (run) =>
      Number(insertRun.run(run.checkId, run.envId, location, run.status, run.reason, run.at, run.at, run.latencyMs, run.latencyMs, run.latencyMs, run.latencyMs).lastInsertRowid),
    extendRun: (id, at, l) => void extendRun.run(at, l, at, l, l, l, l, l, l, id),
    insertFailure: (checkId, envId, at, latencyMs, reason) => void insertFailure.run(checkId, envId, location, at, latencyMs, reason),
    readMinute: (checkId, minute) => readMinute.get(checkId, location, minute),
    writeMinute: (checkId, minute, row) => void writeMinute.run(checkId, location, minute, row.up, row.degraded, row.p50, row.p95, row.p99, row.max, row.latencies),
  };
}

/**
 * Writes probe results as history: the open run of each check extended in place (or a new run
 * when the status or reason changes, or after a gap), each down as a failure of its own, and
 * answers' latencies per check per minute. Called inside the result writer's transaction; the
 * open runs and minutes it remembers between calls are dropped with `discard()` when that
 * transaction fails, and read again from the database.
 *
 * A minute is written when the check's next answer falls in another minute, a minute after it
 * ended at the latest, and on `writeOpenMinutes()` (an explicit flush, the stop): each write is
 * the whole minute, so writing one twice is harmless. The extra cost per result over one INSERT
 * is one write per check per minute.
 */
export class ResultHistory {
  private readonly runs = new Map<string, OpenRun | null>();
  private readonly minutes = new Map<string, Minute>();
  /** Minutes as they were before the current transaction touched them (restored on discard). */
  private readonly touched = new Map<string, MinuteBefore>();
  /** No minute held began before this (it may be older than the oldest held, never newer). */
  private oldestMinute = Number.POSITIVE_INFINITY;
  private readonly rows: HistoryRows;

  /** `location`: whose results these are (docs/locations.md), for rows opened here on a SQLite connection. */
  constructor(rows: HistoryRows | Database.Database, location: string = IMPLICIT_LOCATION) {
    this.rows = 'lastRun' in rows ? rows : sqliteHistoryRows(rows, location);
  }

  /** Whether the open run of a check is known without reading it. */
  knowsRunOf(checkId: string): boolean {
    return this.runs.has(checkId);
  }

  /** The minute of answers a check is filling in memory, if any. */
  minuteOf(checkId: string): number | undefined {
    return this.minutes.get(checkId)?.minute;
  }

  /** Runs given an id by the rows (a batch's staged runs) now known by the id the database gave them. */
  renumberRuns(ids: ReadonlyMap<number, number>): void {
    for (const [checkId, run] of this.runs) {
      const id = run ? ids.get(run.id) : undefined;
      if (run && id !== undefined) this.runs.set(checkId, { ...run, id });
    }
  }

  /** Stores one result (inside a transaction). */
  record(result: StoredResult): void {
    const { checkId, envId, at, status } = result;
    const latencyMs = result.latencyMs ?? null;
    const reason = result.reason ?? null;
    let open = this.runs.get(checkId);
    if (open === undefined) open = this.rows.lastRun(checkId) ?? null;
    if (open && !result.afterGap && open.status === status && open.reason === reason) {
      this.rows.extendRun(open.id, at, latencyMs);
    } else {
      open = { id: this.rows.insertRun({ checkId, envId, status, reason, at, latencyMs }), status, reason };
    }
    this.runs.set(checkId, open);
    if (status === 'down') this.rows.insertFailure(checkId, envId, at, latencyMs, reason);
    else this.answer(checkId, at, status, latencyMs);
  }

  /**
   * Writes and forgets the minutes that ended more than a minute before `now` (inside a
   * transaction): a check that stopped answering leaves no minute waiting in memory. An answer
   * that still comes for such a minute reads it back and adds to it.
   */
  writeEndedMinutes(now: number): void {
    // Every batch asks; a minute ends once a minute. Until the oldest held has ended, none has.
    if (this.oldestMinute + 2 * MINUTE_MS > now) return;
    let oldest = Number.POSITIVE_INFINITY;
    for (const [checkId, minute] of this.minutes) {
      if (minute.minute + 2 * MINUTE_MS > now) {
        oldest = Math.min(oldest, minute.minute);
        continue;
      }
      this.snapshot(checkId, minute);
      if (minute.dirty) this.store(checkId, minute);
      this.minutes.delete(checkId);
    }
    this.oldestMinute = oldest;
  }

  /** Writes the minutes still filling (inside a transaction): before a stop, or for readers that need them now. */
  writeOpenMinutes(): void {
    for (const [checkId, minute] of this.minutes) {
      if (!minute.dirty) continue;
      this.snapshot(checkId, minute);
      this.store(checkId, minute);
    }
  }

  /** Whether some minute still filling has answers not yet written. */
  get hasUnwrittenMinutes(): boolean {
    for (const minute of this.minutes.values()) if (minute.dirty) return true;
    return false;
  }

  /**
   * Forgets what it remembers of these checks (their open runs, their minutes filling), to read
   * it again from the database: another prober wrote their results meanwhile (a shard taken
   * over, src/share). Outside a transaction, with nothing of theirs unwritten.
   */
  forget(checkIds: Iterable<string>): void {
    for (const checkId of checkIds) {
      this.runs.delete(checkId);
      this.minutes.delete(checkId);
    }
  }

  /** The transaction committed. */
  commit(): void {
    this.touched.clear();
  }

  /** The transaction rolled back: forget the runs it opened, put the minutes back as they were before it. */
  discard(): void {
    this.runs.clear();
    for (const [checkId, before] of this.touched) {
      if (!before.minute) {
        this.minutes.delete(checkId);
        continue;
      }
      // A minute written (and replaced or forgotten) within the transaction was not written after all.
      Object.assign(before.minute, { up: before.up, degraded: before.degraded, latencies: before.latencies, dirty: before.dirty });
      this.minutes.set(checkId, before.minute);
      this.oldestMinute = Math.min(this.oldestMinute, before.minute.minute);
    }
    this.touched.clear();
  }

  private snapshot(checkId: string, current: Minute | undefined): void {
    if (this.touched.has(checkId)) return;
    this.touched.set(checkId, { minute: current, up: current?.up ?? 0, degraded: current?.degraded ?? 0, latencies: current?.latencies.slice() ?? [], dirty: current?.dirty ?? false });
  }

  private answer(checkId: string, at: number, status: 'up' | 'degraded', latencyMs: number | null): void {
    const minute = at - (at % MINUTE_MS);
    let current = this.minutes.get(checkId);
    this.snapshot(checkId, current);
    if (current?.minute !== minute) {
      if (current?.dirty) this.store(checkId, current);
      const stored = this.rows.readMinute(checkId, minute);
      current = stored
        ? { minute, up: stored.up, degraded: stored.degraded, latencies: JSON.parse(stored.latencies) as number[], dirty: false }
        : { minute, up: 0, degraded: 0, latencies: [], dirty: false };
      this.minutes.set(checkId, current);
      this.oldestMinute = Math.min(this.oldestMinute, minute);
    }
    current.dirty = true;
    if (status === 'up') current.up++;
    else current.degraded++;
    if (latencyMs !== null) insertSorted(current.latencies, latencyMs);
  }

  private store(checkId: string, minute: Minute): void {
    const sorted = minute.latencies;
    this.rows.writeMinute(checkId, minute.minute, {
      up: minute.up,
      degraded: minute.degraded,
      p50: nearestRank(sorted, 50),
      p95: nearestRank(sorted, 95),
      p99: nearestRank(sorted, 99),
      max: sorted.length ? sorted[sorted.length - 1]! : null,
      latencies: JSON.stringify(sorted),
    });
    minute.dirty = false;
  }
}

function insertSorted(sorted: number[], value: number): void {
  let k = sorted.length;
  while (k > 0 && sorted[k - 1]! > value) k--;
  sorted.splice(k, 0, value);
}

/** Stores results at once, minutes included, in one transaction (imports, seeds, tests). */
export function storeResults(sqlite: Database.Database, results: readonly StoredResult[]): void {
  const history = new ResultHistory(sqlite);
  sqlite.transaction(() => {
    for (const result of results) history.record(result);
    history.writeOpenMinutes();
  })();
}
