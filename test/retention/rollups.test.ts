import { afterEach, describe, expect, it } from 'vitest';
import { storeResults } from '../../src/history/result-history.ts';
import { buildCalendars } from '../../src/config/calendars.ts';
import { runRetention } from '../../src/retention/retention-job.ts';
import { summarizeDay } from '../../src/retention/day-summary.ts';
import { openDatabase, type OpenDatabase } from '../../src/store/database.ts';
import { instant } from '../../src/time/iso.ts';
import { proberConfig, rows } from '../prober/support.ts';

const config = proberConfig('http://127.0.0.1:9'); // raw results kept 30 days (the default)
const calendars = buildCalendars(config);
let database: OpenDatabase;
afterEach(() => database?.close());

function insertResult(at: string, status: 'up' | 'degraded' | 'down', latencyMs: number, checkId = 'web') {
  storeResults(database.sqlite, [{ checkId, envId: 'acme-prod', at: instant(at), status, latencyMs }]);
}

describe('daily summaries', () => {
  it('counts results by status and takes latency percentiles of the answered probes only', () => {
    const results = [
      ...Array.from({ length: 100 }, (_, i) => ({ status: i % 10 === 0 ? ('degraded' as const) : ('up' as const), latencyMs: i + 1 })),
      { status: 'down' as const, latencyMs: 10_000 },
    ];
    const day = { start: 0, end: 86_400_000 };
    expect(summarizeDay(results, [{ start: 3_600_000, end: 5_400_000 }, { start: 5_000_000, end: 7_200_000 }], day)).toEqual({
      upCount: 90,
      degradedCount: 10,
      downCount: 1,
      downtimeMs: 3_600_000,
      latencyP50Ms: 50,
      latencyP95Ms: 95,
      latencyP99Ms: 99,
      latencyMaxMs: 100,
    });
    expect(summarizeDay([], [], day).latencyP50Ms).toBeNull();
  });
});

describe('retention', () => {
  it('rolls up every complete local day, then deletes raw results older than 30 days; the rollups stay', async () => {
    database = openDatabase(':memory:');
    // 2026-10-01 … 2026-11-09, one up result at noon and one down at 13:00 local each day.
    for (let d = 0; d < 40; d++) {
      const date = new Date(Date.UTC(2026, 9, 1 + d)).toISOString().slice(0, 10);
      const offset = date >= '2026-11-01' ? '-05:00' : '-04:00';
      insertResult(`${date}T12:00:00${offset}`, 'up', 100 + d);
      insertResult(`${date}T13:00:00${offset}`, 'down', 2_000);
    }
    // An outage across midnight between Oct 20 and Oct 21 (EDT): 23:30 → 00:45.
    database.sqlite
      .prepare("INSERT INTO outages (check_id, env_id, start, \"end\", last_down_at, source, created_at) VALUES ('web', 'acme-prod', ?, ?, ?, 'probe', 0)")
      .run(instant('2026-10-20T23:30:00-04:00'), instant('2026-10-21T00:45:00-04:00'), instant('2026-10-21T00:30:00-04:00'));

    const now = instant('2026-11-09T18:00:00-05:00');
    const run = await runRetention({ database, config, calendars, clock: () => now });

    // Oct 1 … Nov 8 are complete; Nov 9 is today.
    expect(run.rolledUp).toBe(39);
    const rollups = rows<{ day: string; upCount: number; downCount: number; downtimeMs: number; p50: number; length: number }>(
      database,
      "SELECT day, up_count AS upCount, down_count AS downCount, downtime_ms AS downtimeMs, latency_p50_ms AS p50, day_end - day_start AS length FROM daily_rollups WHERE check_id = 'web' ORDER BY day",
    );
    expect(rollups[0]).toEqual({ day: '2026-10-01', upCount: 1, downCount: 1, downtimeMs: 0, p50: 100, length: 86_400_000 });
    expect(rollups.find((r) => r.day === '2026-10-20')!.downtimeMs).toBe(30 * 60_000);
    expect(rollups.find((r) => r.day === '2026-10-21')!.downtimeMs).toBe(45 * 60_000);
    // The day clocks go back (Toronto, Nov 1) lasts 25 hours.
    expect(rollups.find((r) => r.day === '2026-11-01')!.length).toBe(25 * 3_600_000);

    // Runs and failures before 2026-10-10T19:00-04:00 (30 × 24 h ago) are gone (20 runs, 10 failures); later ones remain.
    // Latency minutes before 2026-11-02T18:00-05:00 (7 × 24 h ago) are gone (33 days of one minute).
    expect(run.deleted).toBe(20 + 10 + 33);
    const oldest = rows<{ at: number }>(database, 'SELECT min(first_at) AS at FROM probe_runs')[0]!.at;
    expect(new Date(oldest).toISOString()).toBe('2026-10-11T16:00:00.000Z');
    expect(rows(database, 'SELECT min(at) AS at FROM probe_failures')).toEqual([{ at: instant('2026-10-11T13:00:00-04:00') }]);
    expect(rows(database, 'SELECT min(minute) AS minute FROM probe_latency_minutes')).toEqual([{ minute: instant('2026-11-03T12:00:00-05:00') }]);

    // Running again changes nothing.
    expect(await runRetention({ database, config, calendars, clock: () => now })).toEqual({ rolledUp: 0, deleted: 0, deliveries: 0, events: 0, sessions: 0 });
    expect(rows(database, 'SELECT count(*) AS n FROM daily_rollups')).toEqual([{ n: 39 }]);
  });
});
