// A month of probe history as the result writer stores it, for a mostly-up check: what the
// database keeps per result and per check per day once retention has trimmed latency minutes to
// their default days. The 60-second side-by-side run cannot show this: a run grows for hours,
// and a minute's row stands for six results at 10 s.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DEFAULT_LATENCY_MINUTES_DAYS } from '../src/config/defaults.ts';
import { storeResults, type StoredResult } from '../src/history/result-history.ts';
import { openDatabase } from '../src/store/database.ts';

const DAY_MS = 86_400_000;

export interface MonthOfHistory {
  readonly checks: number;
  /** The same results one row each, as veille kept them before runs (same table and indexes). */
  readonly rowPerResultBytesPerResult: number;
  readonly results: number;
  readonly bytesPerResult: number;
  readonly bytesPerCheckPerDay: number;
  /** Bytes each history table keeps, with its rows. */
  readonly tables: ReadonlyArray<{ name: string; rows: number; bytes: number }>;
}

/** `checks` checks every `everyS` seconds for `days` days, one down in `downEvery` at random (seeded). */
export function monthOfHistory(checks = 10, days = 30, everyS = 10, downEvery = 1000): MonthOfHistory {
  const database = openDatabase(join(mkdtempSync(join(tmpdir(), 'veille-month-')), 'month.db'));
  try {
    const sqlite = database.sqlite;
    const emptyPages = pagesUsed(sqlite);
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const start = Date.UTC(2026, 9, 1);
    let results = 0;
    const then = new Database(join(mkdtempSync(join(tmpdir(), 'veille-month-then-')), 'then.db'));
    then.exec(ROW_PER_RESULT);
    const insertThen = then.prepare('INSERT INTO probe_results (check_id, env_id, at, status, latency_ms, reason) VALUES (?, ?, ?, ?, ?, ?)');
    const storeThen = then.transaction((batch: StoredResult[]) => {
      for (const r of batch) insertThen.run(r.checkId, r.envId, r.at, r.status, r.latencyMs ?? null, r.reason ?? null);
    });
    // One transaction per hour of all checks: the writer's are per second, the rows are the same.
    for (let hour = 0; hour < days * 24; hour++) {
      const batch: StoredResult[] = [];
      for (let at = start + hour * 3_600_000; at < start + (hour + 1) * 3_600_000; at += everyS * 1000) {
        for (let c = 0; c < checks; c++) {
          const down = random() < 1 / downEvery;
          batch.push({ checkId: `web-${c}`, envId: 'acme-prod', at, status: down ? 'down' : 'up', latencyMs: down ? 10_000 : 20 + Math.floor(random() * 80), reason: down ? 'timeout' : null });
        }
      }
      storeResults(sqlite, batch);
      storeThen(batch);
      results += batch.length;
    }
    // What retention leaves of the minutes (retention-job.ts: older than latencyMinutesDays).
    sqlite.prepare('DELETE FROM probe_latency_minutes WHERE minute < ?').run(start + (days - DEFAULT_LATENCY_MINUTES_DAYS) * DAY_MS);
    sqlite.exec('VACUUM');
    const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
    const bytes = (pagesUsed(sqlite) - emptyPages) * pageSize;
    const tables = ['probe_runs', 'probe_failures', 'probe_latency_minutes'].map((name) => ({
      name,
      rows: (sqlite.prepare(`SELECT count(*) AS n FROM ${name}`).get() as { n: number }).n,
      bytes: (sqlite.prepare('SELECT coalesce(sum(pgsize), 0) AS b FROM dbstat WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name = ?)').get(name) as { b: number }).b,
    }));
    then.exec('VACUUM');
    const thenBytes = pagesUsed(then) * Number(then.pragma('page_size', { simple: true }));
    then.close();
    return { checks, rowPerResultBytesPerResult: thenBytes / results, results, bytesPerResult: bytes / results, bytesPerCheckPerDay: bytes / checks / days, tables };
  } finally {
    database.close();
  }
}

// The table results were kept in, one row each, up to migration 0006.
const ROW_PER_RESULT = `CREATE TABLE probe_results (id integer PRIMARY KEY AUTOINCREMENT NOT NULL, check_id text NOT NULL, env_id text NOT NULL,
  at integer NOT NULL, status text NOT NULL, latency_ms integer, reason text);
CREATE INDEX probe_results_check_at ON probe_results (check_id, at);
CREATE INDEX probe_results_at ON probe_results (at);`;

function pagesUsed(sqlite: import('better-sqlite3').Database): number {
  return Number(sqlite.pragma('page_count', { simple: true })) - Number(sqlite.pragma('freelist_count', { simple: true }));
}
