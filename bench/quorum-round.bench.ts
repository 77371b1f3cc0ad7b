// The quorum job's round (src/locations/quorum-job.ts) at 20,000 checks × 2 locations, on an
// in-memory SQLite database and on a throwaway PostgreSQL cluster (Debian's binaries, a Unix
// socket): the first round (no progress yet: every check decided from its first word), steady
// rounds with nothing new, a round where 1 % of the checks have a new result at both
// locations, and the first round of another holder taking the lease over. Figures, never
// assertions: the machine is shared, so the load average is printed, and beside each wall time
// the CPU this process spent (on SQLite, the whole round).
//
// The history is seeded directly: per check and location, VEILLE_BENCH_QUORUM_RUNS runs (10 by
// default: earlier days alternating up and degraded, then the run in progress), the location's
// gap from the SLA start to its first result, and a closed outage at one location for one check
// in ten.
//
//   nice -n 10 npm run bench -- quorum-round
//   VEILLE_BENCH_QUORUM_CHECKS=2000 VEILLE_BENCH_QUORUM_DATABASES=sqlite nice -n 10 npm run bench -- quorum-round
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { parseConfig } from '../src/config/parse-config.ts';
import type { Config } from '../src/config/types.ts';
import { quorumRounds } from '../src/locations/quorum-job.ts';
import { quorumOutageRecorder } from '../src/locations/quorum-work.ts';
import { openDatabase } from '../src/store/database.ts';
import { migratePostgres, openPostgres } from '../src/store/postgres.ts';
import { postgresStore } from '../src/store/postgres-store.ts';
import type { Store } from '../src/store/store.ts';
import { instant } from '../src/time/iso.ts';
import { NO_POSTGRES_SERVER, postgresBinaries, startPostgresCluster } from '../test/support/postgres.ts';

const settings = {
  checks: Number(process.env.VEILLE_BENCH_QUORUM_CHECKS ?? 20_000),
  runs: Math.max(1, Number(process.env.VEILLE_BENCH_QUORUM_RUNS ?? 10)),
  steadyRounds: 3,
  databases: (process.env.VEILLE_BENCH_QUORUM_DATABASES ?? 'sqlite,postgresql').split(','),
};
const CHECKS_PER_ENVIRONMENT = 100;
const LOCATIONS = ['mtl', 'tor'] as const;
const SLA_START = instant('2026-11-01T00:00:00-04:00');
const DAY_MS = 86_400_000;
/** The latest result of every check at every location; the rounds run a little after it. */
const T = instant('2026-11-16T10:00:00-05:00');
const ROWS_PER_INSERT = 500;

export async function main(): Promise<void> {
  const config = configOf(settings.checks);
  console.log(`${settings.checks} checks × ${LOCATIONS.length} locations, ${settings.runs} runs each per location; load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  if (settings.databases.includes('sqlite')) {
    const sqlite = openDatabase(':memory:');
    try {
      await measure('SQLite (in memory)', sqlite.store, config);
    } finally {
      sqlite.close();
    }
  }
  if (!settings.databases.includes('postgresql')) return;
  if (!postgresBinaries()) return void console.log(NO_POSTGRES_SERVER);
  const cluster = await startPostgresCluster();
  try {
    const opened = await openPostgres(await cluster.createDatabase('bench_quorum'), { schema: 'untouched' });
    try {
      await migratePostgres(opened.db);
      await measure('PostgreSQL (a server, Unix socket)', postgresStore(opened.db), config);
    } finally {
      await opened.close();
    }
  } finally {
    await cluster.stop();
  }
  console.log(`load average after: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
}

function configOf(checks: number): Config {
  const yaml = [`locations: [${LOCATIONS.join(', ')}]`, 'environments:'];
  for (let e = 0; e * CHECKS_PER_ENVIRONMENT < checks; e++) {
    yaml.push(`  - id: env-${e}`, `    name: Env ${e}`, '    type: production', `    slaStart: "2026-11-01T00:00:00-04:00"`, '    checks:');
    for (let c = e * CHECKS_PER_ENVIRONMENT; c < Math.min(checks, (e + 1) * CHECKS_PER_ENVIRONMENT); c++) {
      yaml.push(`      - { id: c${c}, url: "http://127.0.0.1:9/c${c}", every: 10s, timeout: 2s }`);
    }
  }
  return parseConfig(yaml.join('\n'));
}

async function measure(name: string, store: Store, config: Config): Promise<void> {
  const seededIn = await seed(store, config);
  const rounds = quorumRounds({ store, config, writeOutageEvents: quorumOutageRecorder(() => ({ config })) });
  const timed = async (now: number) => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const round = await rounds.run(now);
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, decided: round.decided };
  };
  const first = await timed(T + 1_000);
  const steady = [];
  for (let n = 0; n < settings.steadyRounds; n++) steady.push(await timed(T + 1_000));
  const changed = await newResults(store, config, Math.max(1, Math.round(settings.checks / 100)));
  const onePercent = await timed(T + 11_000);
  const after = [];
  for (let n = 0; n < settings.steadyRounds; n++) after.push(await timed(T + 11_000));
  // Another process taking the lease over: it reads everything once, then decides from the progress stored.
  const takenOver = quorumRounds({ store, config, writeOutageEvents: quorumOutageRecorder(() => ({ config })) });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const takeover = await takenOver.run(T + 11_000);
  const used = process.cpuUsage(cpu);
  // Wall time, and this process's CPU (the whole round on SQLite; the client's share on PostgreSQL).
  const ms = (round: { ms: number; cpuMs: number }) => `${round.ms.toFixed(0)} ms (CPU ${round.cpuMs.toFixed(0)} ms)`;
  console.log(`${name} (seeded in ${(seededIn / 1000).toFixed(1)} s):`);
  console.log(`  first round: ${ms(first)}, ${first.decided} checks decided`);
  console.log(`  steady rounds, nothing new: ${steady.map(ms).join(', ')} (${steady.map((r) => r.decided).join(', ')} decided)`);
  console.log(`  a round after new results for ${changed} checks (1 %) at both locations: ${ms(onePercent)}, ${onePercent.decided} checks decided`);
  console.log(`  steady rounds after it: ${after.map(ms).join(', ')}`);
  console.log(`  a new holder's first round (the lease taken over): ${ms({ ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 })}, ${takeover.decided} checks decided`);
}

/** Seeds the locations' history of every check; how long it took. */
async function seed(store: Store, config: Config): Promise<number> {
  const started = performance.now();
  const { t } = store;
  const runs = [];
  const gaps = [];
  const outages = [];
  const firstAt = T - settings.runs * DAY_MS;
  let n = 0;
  for (const environment of config.environments) {
    for (const check of environment.checks) {
      for (const location of LOCATIONS) {
        for (let k = 0; k < settings.runs; k++) {
          const from = firstAt + k * DAY_MS;
          const last = k === settings.runs - 1;
          const status = last || k % 2 === 0 ? ('up' as const) : ('degraded' as const);
          runs.push({ checkId: check.id, envId: environment.id, location, status, firstAt: from, lastAt: last ? T : from + DAY_MS - 10_000, count: 8_640, latencySumMs: 86_400, lastLatencyMs: 10 });
        }
        gaps.push({ location, checkId: check.id, envId: environment.id, start: SLA_START, end: firstAt });
      }
      if (n++ % 10 === 0) outages.push({ location: 'mtl', checkId: check.id, envId: environment.id, start: T - 2 * DAY_MS, end: T - 2 * DAY_MS + 60_000, lastDownAt: T - 2 * DAY_MS + 50_000, reason: 'refused', closedReason: 'recovered' as const });
    }
  }
  for (const [table, rows] of [
    [t.probeRuns, runs],
    [t.locationGaps, gaps],
    [t.locationOutages, outages],
  ] as const) {
    for (let from = 0; from < rows.length; from += ROWS_PER_INSERT) {
      const slice = rows.slice(from, from + ROWS_PER_INSERT);
      await store.transaction(async (tx) => void (await tx.db.insert(table).values(slice as never)));
    }
  }
  return performance.now() - started;
}

/** One new result 10 s after T for `count` checks spread over the configuration, at both locations: their runs in progress extended. */
async function newResults(store: Store, config: Config, count: number): Promise<number> {
  const checks = config.environments.flatMap((environment) => environment.checks);
  const step = Math.max(1, Math.floor(checks.length / count));
  const ids = checks.filter((_, n) => n % step === 0).slice(0, count).map((check) => check.id);
  const { t } = store;
  await store.transaction(async (tx) => {
    await tx.db
      .update(t.probeRuns)
      .set({ lastAt: T + 10_000, count: sql`${t.probeRuns.count} + 1` })
      .where(and(inArray(t.probeRuns.checkId, ids), eq(t.probeRuns.lastAt, T)));
  });
  return ids.length;
}
