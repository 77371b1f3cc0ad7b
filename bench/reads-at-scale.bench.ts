// Reads at scale: the public page, summary.json and GET /api/v1/status under 100 connections that
// accept gzip, first held at 5,000 req/s (VEILLE_BENCH_READ_RATE), then as fast as they answer, while the daemon (compiled, started as `npm start` starts it) probes N checks
// (2,000, then 50,000) every 10 s against a
// loopback target in its own process. Printed per path: req/s, p50, p99, bytes per answer, and
// what the prober did over the same window (checks done at the target / checks due). Figures,
// never assertions: the machine is shared, so the load average is printed beside them.
//
//   npm run bench -- reads-at-scale
//   VEILLE_BENCH_READ_CHECKS=2000 VEILLE_BENCH_READ_SECONDS=10 npm run bench -- reads-at-scale
//   (VEILLE_BENCH_READ_CHECKS: one size or several, comma-separated)
//   VEILLE_BENCH_READ_PATHS=/ VEILLE_BENCH_READ_MODES=flood   (some paths, held or flood readings only)
//   VEILLE_BENCH_COMPARE=/path/to/another/checkout   (its build read the same way, in turn, in the same run)
//
// Beside each reading, the daemon's CPU over the window (its process, threads included, probing
// included) as a share of one core, and what each answer cost: that CPU less what the daemon
// spends probing with nobody reading (measured for 5 s before the readings), per answer. That
// difference means little where probing moves more than reading does (a prober catching up after
// a flood, at 50,000 checks on a loaded machine): '–' when it comes out below zero.
//
// The configuration: environments of 50 checks; the first VEILLE_BENCH_READ_PUBLIC (20) are
// public production environments (what the page and summary.json show), the others private;
// probe.concurrency as configured by default, or VEILLE_BENCH_CONCURRENCY.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error autocannon ships no type declarations; the fields read here are typed below.
import autocannonUntyped from 'autocannon';
import { freePort, sleep, startFlags, stop, targetHits, waitFor } from './support/daemon-process.ts';
import { cpuMsOfTree } from './support/proc-cpu.ts';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  throughput: { total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
const autocannon = autocannonUntyped as (options: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  overallRate?: number;
}) => Promise<AutocannonResult>;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const settings = {
  sizes: (process.env.VEILLE_BENCH_READ_CHECKS ?? '2000,50000').split(',').map(Number),
  publicEnvironments: Number(process.env.VEILLE_BENCH_READ_PUBLIC ?? 20),
  seconds: Number(process.env.VEILLE_BENCH_READ_SECONDS ?? 15),
  /** Each path is read twice: held at this rate (the aim), then as fast as it answers. */
  heldRate: Number(process.env.VEILLE_BENCH_READ_RATE ?? 5000),
  connections: 100,
  everyS: 10,
  perEnvironment: 50,
};
// The shared loopback target lives beside the repository (or beside the checkout holding it).
const targetScript =
  process.env.VEILLE_BENCH_TARGET_SCRIPT ??
  [resolve(root, '..', 'shared', 'bench', 'target-server.js'), resolve(root, '..', '..', 'shared', 'bench', 'target-server.js')].find((file) => existsSync(file)) ??
  resolve(root, '..', 'shared', 'bench', 'target-server.js');
const PATHS = (process.env.VEILLE_BENCH_READ_PATHS ?? '/,/api/v2/summary.json,/api/v1/status').split(',');
const MODES = (process.env.VEILLE_BENCH_READ_MODES ?? 'held,flood').split(',');
const otherRoot = process.env.VEILLE_BENCH_COMPARE ? resolve(process.env.VEILLE_BENCH_COMPARE) : null;

export async function main(): Promise<void> {
  if (!existsSync(targetScript)) {
    console.log(`(no loopback target at ${targetScript}: set VEILLE_BENCH_TARGET_SCRIPT)`);
    return;
  }
  for (const checks of settings.sizes) {
    await readsWhileProbing(checks, root, 'this build');
    if (otherRoot) await readsWhileProbing(checks, otherRoot, `the build of ${otherRoot}`);
  }
}

async function readsWhileProbing(checks: number, build: string, name: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'veille-reads-'));
  const children: ChildProcess[] = [];
  try {
    const [targetPort, httpPort] = [await freePort(), await freePort()];
    children.push(spawn(process.execPath, [targetScript], { env: { ...process.env, PORT: String(targetPort), MAX_S: String(settings.seconds * 4 + 300) }, stdio: 'ignore' }));
    await waitFor(`http://127.0.0.1:${targetPort}/__stats`);
    const configFile = join(dir, 'bench.yaml');
    writeFileSync(configFile, workloadYaml(checks, targetPort));
    const daemon = spawn(process.execPath, [...startFlags(build), join(build, 'bin', 'veille.js'), 'start', '--config', configFile, '--db', join(dir, 'veille.db'), '--port', String(httpPort)], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(daemon);
    const base = `http://127.0.0.1:${httpPort}`;
    await waitFor(`${base}/healthz`, 120_000);
    // Steady probing: every check has had its first turn.
    await sleep((settings.everyS + 2) * 1000);
    const idle = { cpuMs: cpuMsOfTree(daemon.pid!), at: performance.now() };
    await sleep(5_000);
    const probingShare = (cpuMsOfTree(daemon.pid!) - idle.cpuMs) / (performance.now() - idle.at);
    console.log(
      `\n${name}: ${checks.toLocaleString('en')} checks every ${settings.everyS} s (${settings.publicEnvironments} public environments of ${settings.perEnvironment} checks on the page); ${settings.connections} connections accepting gzip, ${settings.seconds} s per path after 2 s of warm-up`,
    );
    console.log(`probing alone, nobody reading: ${(100 * probingShare).toFixed(0)} % of a core`);
    console.log('path                   asked     req/s  p50 ms  p99 ms  bytes/answer  errors  non-2xx  CPU %  read µs/answer  prober done/due');
    const readings = PATHS.flatMap((path) => [
      ...(MODES.includes('held') ? [{ path, rate: settings.heldRate as number | undefined }] : []),
      ...(MODES.includes('flood') ? [{ path, rate: undefined }] : []),
    ]);
    for (const { path, rate } of readings) {
      const headers = { 'accept-encoding': 'gzip' };
      const asked = { url: `${base}${path}`, connections: settings.connections, headers, ...(rate ? { overallRate: rate } : {}) };
      await autocannon({ ...asked, duration: 2 });
      const before = await targetHits(targetPort);
      const [cpuBefore, startedAt] = [cpuMsOfTree(daemon.pid!), performance.now()];
      const result = await autocannon({ ...asked, duration: settings.seconds });
      const [cpuMs, wallMs] = [cpuMsOfTree(daemon.pid!) - cpuBefore, performance.now() - startedAt];
      const done = (await targetHits(targetPort)) - before;
      const due = (checks * settings.seconds) / settings.everyS;
      console.log(
        [
          path.padEnd(20),
          (rate ? `${rate}/s` : 'flood').padStart(7),
          result.requests.average.toFixed(0).padStart(7),
          String(result.latency.p50).padStart(7),
          String(result.latency.p99).padStart(7),
          (result.throughput.total / Math.max(1, result.requests.total)).toFixed(0).padStart(13),
          String(result.errors + result.timeouts).padStart(7),
          String(result.non2xx).padStart(8),
          ((100 * cpuMs) / wallMs).toFixed(0).padStart(6),
          readCost(cpuMs - probingShare * wallMs, result.requests.total).padStart(15),
          `  ${((100 * done) / due).toFixed(1)} % (${done.toLocaleString('en')} / ${due.toLocaleString('en')})`,
        ].join(' '),
      );
      // A flood leaves the prober behind; the next reading starts once it has caught up.
      if (!rate) await sleep((settings.everyS + 2) * 1000);
    }
    const health = (await (await fetch(`${base}/healthz`)).json()) as { lagP50Ms?: number | null; lagP99Ms?: number | null };
    console.log(`prober lag after the reads: p50 ${wholeMs(health.lagP50Ms)}, p99 ${wholeMs(health.lagP99Ms)}`);
    console.log(`load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} (${availableParallelism()} cores)`);
  } finally {
    for (const child of children.reverse()) await stop(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

function workloadYaml(checks: number, port: number): string {
  // The default probe.concurrency unless chosen: at 50,000 checks, 1,000 probes at once on this
  // kind of machine leave the event loop no time for readers (no answer within 10 s).
  const concurrency = process.env.VEILLE_BENCH_CONCURRENCY;
  const lines = [...(concurrency ? [`probe: { concurrency: ${Number(concurrency)} }`] : []), 'environments:'];
  for (let e = 0; e * settings.perEnvironment < checks; e++) {
    const visible = e < settings.publicEnvironments;
    lines.push(`  - id: env-${e}`, `    name: Environment ${e}`, '    type: production', `    public: ${visible}`, '    slaStart: "2026-01-01T00:00:00-05:00"', '    checks:');
    for (let i = e * settings.perEnvironment; i < Math.min(checks, (e + 1) * settings.perEnvironment); i++) {
      lines.push(`      - { id: check-${i}, url: "http://127.0.0.1:${port}/c/${i}", every: ${settings.everyS}s, timeout: 5s }`);
    }
  }
  return lines.join('\n') + '\n';
}

const wholeMs = (ms: number | null | undefined) => (ms == null ? '–' : `${Math.round(ms)} ms`);

/** CPU microseconds per answer, or '–' when probing moved more than reading cost. */
const readCost = (cpuMs: number, answers: number) => (cpuMs < 0 ? '–' : ((1000 * cpuMs) / Math.max(1, answers)).toFixed(0));
