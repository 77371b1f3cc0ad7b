import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE_MS, ResultHistory, type StoredResult } from '../../src/history/result-history.ts';
import { openDatabase, type OpenDatabase } from '../../src/store/database.ts';

let database: OpenDatabase;
afterEach(() => database?.close());

const T = Date.UTC(2026, 10, 2, 12, 0, 0);
const up = (s: number, latencyMs: number, afterGap = false): StoredResult => ({ checkId: 'web', envId: 'acme-prod', at: T + s * 1000, status: 'up', latencyMs, afterGap });
const all = (sql: string) => database.sqlite.prepare(sql).all();

describe('results kept as history', () => {
  it('extends the open run in place, and starts a new one after a gap though the status is the same', () => {
    database = openDatabase(':memory:');
    const history = new ResultHistory(database.sqlite);
    database.sqlite.transaction(() => {
      for (const result of [up(0, 10), up(10, 30), up(20, 20), up(100, 50, true)]) history.record(result);
    })();
    expect(all('SELECT first_at AS firstAt, last_at AS lastAt, count, latency_min_ms AS min, latency_max_ms AS max, latency_sum_ms AS sum, last_latency_ms AS last FROM probe_runs ORDER BY id')).toEqual([
      { firstAt: T, lastAt: T + 20_000, count: 3, min: 10, max: 30, sum: 60, last: 20 },
      { firstAt: T + 100_000, lastAt: T + 100_000, count: 1, min: 50, max: 50, sum: 50, last: 50 },
    ]);
  });

  it('after a transaction that rolled back, writes the same results once: no run nor minute counted twice', () => {
    database = openDatabase(':memory:');
    const history = new ResultHistory(database.sqlite);
    const write = database.sqlite.transaction((results: StoredResult[], fail: boolean) => {
      for (const result of results) history.record(result);
      history.writeOpenMinutes();
      if (fail) throw new Error('disk full');
    });
    write([up(0, 10)], false);
    history.commit();
    expect(() => write([up(10, 30), up(65, 40)], true)).toThrow('disk full');
    history.discard();
    write([up(10, 30), up(65, 40)], false);
    history.commit();
    expect(all('SELECT count FROM probe_runs')).toEqual([{ count: 3 }]);
    expect(all('SELECT minute, up, latencies FROM probe_latency_minutes ORDER BY minute')).toEqual([
      { minute: T, up: 2, latencies: '[10,30]' },
      { minute: T + MINUTE_MS, up: 1, latencies: '[40]' },
    ]);
  });

  it('writes the minute of a check that stopped answering a minute after it ended, and adds to it an answer that comes late', () => {
    database = openDatabase(':memory:');
    const history = new ResultHistory(database.sqlite);
    database.sqlite.transaction(() => history.record(up(5, 10)))();
    database.sqlite.transaction(() => history.writeEndedMinutes(T + 119_000))();
    expect(all('SELECT count(*) AS n FROM probe_latency_minutes')).toEqual([{ n: 0 }]);
    database.sqlite.transaction(() => history.writeEndedMinutes(T + 120_000))();
    expect(all('SELECT up, latencies FROM probe_latency_minutes')).toEqual([{ up: 1, latencies: '[10]' }]);
    database.sqlite.transaction(() => {
      history.record(up(50, 7));
      history.writeOpenMinutes();
    })();
    expect(all('SELECT up, p50_ms AS p50, max_ms AS max, latencies FROM probe_latency_minutes')).toEqual([{ up: 2, p50: 7, max: 10, latencies: '[7,10]' }]);
  });

  it('writes an ended minute at the first batch past its end, though a newer minute of another check is held, and one that comes back after a rollback', () => {
    database = openDatabase(':memory:');
    const history = new ResultHistory(database.sqlite);
    const other = (s: number, latencyMs: number): StoredResult => ({ ...up(s, latencyMs), checkId: 'api' });
    database.sqlite.transaction(() => history.record(other(70, 5)))();
    history.commit();
    // Results held back (the database refused writes) come in a batch long after their minute.
    database.sqlite.transaction(() => {
      history.record(up(5, 10));
      history.writeEndedMinutes(T + 125_000);
    })();
    history.commit();
    expect(all("SELECT check_id AS checkId, minute FROM probe_latency_minutes")).toEqual([{ checkId: 'web', minute: T }]);
    const failing = database.sqlite.transaction(() => {
      history.writeEndedMinutes(T + 180_000);
      throw new Error('disk full');
    });
    expect(() => failing()).toThrow('disk full');
    history.discard();
    database.sqlite.transaction(() => history.writeEndedMinutes(T + 180_000))();
    history.commit();
    expect(all("SELECT check_id AS checkId, minute, latencies FROM probe_latency_minutes ORDER BY check_id")).toEqual([
      { checkId: 'api', minute: T + MINUTE_MS, latencies: '[5]' },
      { checkId: 'web', minute: T, latencies: '[10]' },
    ]);
  });
});
