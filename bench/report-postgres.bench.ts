// The monthly report of 1,000 production environments (50 outages each) read from a PostgreSQL
// server: on the daemon's own thread (its pool) and in the report worker (a pool of its own),
// with how long the daemon's thread was busy meanwhile. Needs Debian's PostgreSQL binaries (a
// throwaway cluster on a Unix socket); says so and stops without them.
import { performance } from 'node:perf_hooks';
import { buildCalendars } from '../src/config/calendars.ts';
import { parseConfig } from '../src/config/parse-config.ts';
import { readMonthlyReport } from '../src/reports/monthly-report.ts';
import { workerReportComputer } from '../src/reports/report-computer.ts';
import { postgresDialect } from '../src/store/any-dialect.ts';
import { migratePostgres, openPostgres } from '../src/store/postgres.ts';
import { reportReads } from '../src/store/report-reads.ts';
import { instant } from '../src/time/iso.ts';
import { NO_POSTGRES_SERVER, postgresBinaries, startPostgresCluster } from '../test/support/postgres.ts';

const ENVIRONMENTS = 1_000;
const OUTAGES_EACH = 50;
const RUNS = 5;

export async function main(): Promise<void> {
  if (!postgresBinaries()) {
    console.log(NO_POSTGRES_SERVER);
    return;
  }
  const yaml = ['environments:'];
  for (let e = 0; e < ENVIRONMENTS; e++) {
    yaml.push(`  - { id: env-${e}, name: Env ${e}, type: production, slaStart: "2026-01-01T00:00:00-05:00", checks: [ { id: web-${e}, url: "https://e${e}.example/" } ] }`);
  }
  const config = parseConfig(yaml.join('\n'));
  const cluster = await startPostgresCluster();
  const url = await cluster.createDatabase('bench_report');
  const opened = await openPostgres(url, { schema: 'untouched' });
  try {
    await migratePostgres(opened.db);
    const { db, t } = postgresDialect(opened.db);
    const monthStart = instant('2026-10-01T00:00:00-04:00');
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let e = 0; e < ENVIRONMENTS; e += 20) {
      const rows = [];
      for (let k = e; k < e + 20; k++) {
        for (let o = 0; o < OUTAGES_EACH; o++) {
          const start = monthStart + Math.floor(random() * 30 * 86_400_000);
          rows.push({ checkId: `web-${k}`, envId: `env-${k}`, start, end: start + Math.floor(random() * 3_600_000), source: 'probe' as const, createdAt: start });
        }
      }
      await db.insert(t.outages).values(rows);
    }
    const lastAt = monthStart + 31 * 86_400_000 - 1000;
    await db
      .insert(t.probeRuns)
      .values(Array.from({ length: ENVIRONMENTS }, (_, e) => ({ checkId: `web-${e}`, envId: `env-${e}`, status: 'up' as const, firstAt: lastAt, lastAt, count: 1, latencySumMs: 12, lastLatencyMs: 12 })));

    const input = { month: '2026-10', now: instant('2026-11-01T12:00:00-04:00'), publicOnly: false };
    const deps = { config, calendars: buildCalendars(config) };
    const reads = reportReads(postgresDialect(opened.db));
    await readMonthlyReport(reads, deps, input); // warm the calendar layouts and the connection
    const here = await measured(() => readMonthlyReport(reads, deps, input));
    console.log(`report from PostgreSQL on the daemon's thread, ${ENVIRONMENTS} environments × ${OUTAGES_EACH} outages: ${here.ms.toFixed(0)} ms per report, the thread busy ${here.busyMs.toFixed(0)} ms of it`);

    const rssBefore = process.memoryUsage().rss;
    const computer = workerReportComputer({ url, config });
    try {
      await computer.monthly(input); // start the worker, its pool and its calendars
      const rssAfter = process.memoryUsage().rss;
      const worker = await measured(() => computer.monthly(input));
      console.log(
        `report from PostgreSQL in the report worker (a pool of its own): ${worker.ms.toFixed(0)} ms per report, the daemon's thread busy ${worker.busyMs.toFixed(0)} ms of it; the worker's RSS about ${((rssAfter - rssBefore) / 1e6).toFixed(0)} MB`,
      );
    } finally {
      await computer.stop();
    }
  } finally {
    await opened.close();
    await cluster.stop();
  }
}

/** Mean wall time of a run, and how much of it this thread's event loop was busy. */
async function measured(run: () => Promise<unknown>): Promise<{ ms: number; busyMs: number }> {
  const loop = performance.eventLoopUtilization();
  const started = performance.now();
  for (let i = 0; i < RUNS; i++) await run();
  const ms = (performance.now() - started) / RUNS;
  return { ms, busyMs: performance.eventLoopUtilization(loop).active / RUNS };
}
