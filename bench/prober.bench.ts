// The prober under load: N checks (2,000) every 10 s against a loopback target for 60 s,
// compared with the same workload scheduled through node-cron. Each variant runs in its own
// process (so CPU and peak RSS are its own), the target in another. Figures are printed.
// This isolates the prober; the whole daemon against the floor prober, side by side, is
// daemon-vs-floor.bench.ts.
//
// Shorter while developing: VEILLE_BENCH_SECONDS=15 VEILLE_BENCH_CHECKS=500 npm run bench -- prober
// Variants: VEILLE_BENCH_VARIANTS=prober,cron (default: both).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../src/config/parse-config.ts';
import { openProber } from '../src/prober/prober.ts';
import { nextDueAt, phaseOffset } from '../src/schedule/phase.ts';
import { cronSpreadMs } from '../src/schedule/cron-schedule.ts';
import { openDatabase } from '../src/store/database.ts';

type Variant = 'prober' | 'cron';

interface Figures {
  variant: Variant;
  due: number;
  done: number;
  lagP50Ms: number | null;
  lagP99Ms: number | null;
  cpuMsPerCheck: number;
  /** Highest RSS sampled while the workload ran (every 100 ms). */
  peakRssMb: number;
  /** The process's lifetime peak, start-up (tsx compiling, config parsing) included. */
  maxRssMb: number;
  /** Growth of the database file per stored result (the empty schema excluded). */
  dbBytesPerResult: number;
}

const settings = {
  seconds: Number(process.env.VEILLE_BENCH_SECONDS ?? 60),
  checks: Number(process.env.VEILLE_BENCH_CHECKS ?? 2000),
  everyS: Number(process.env.VEILLE_BENCH_EVERY_S ?? 10),
};

const TARGET_SCRIPT = `
const http = require('node:http');
const server = http.createServer((req, res) => res.end('{"status":"ok"}'));
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

export async function main(): Promise<void> {
  const variants = (process.env.VEILLE_BENCH_VARIANTS ?? 'prober,cron').split(',') as Variant[];
  console.log(`${settings.checks} checks every ${settings.everyS} s for ${settings.seconds} s against a loopback target (target in its own process)`);
  const target = spawn(process.execPath, ['-e', TARGET_SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = Number(await firstLine(target));
    const results: Figures[] = [];
    for (const variant of variants) {
      const figures = await runWorker(variant, port);
      results.push(figures);
      console.log(`  ${variant}: done`);
    }
    print(results);
  } finally {
    target.kill();
  }
}

function print(results: Figures[]): void {
  const rows: Array<[string, (f: Figures) => string]> = [
    ['checks done / due', (f) => (f.due > 0 ? `${f.done} / ${f.due} (${((100 * f.done) / f.due).toFixed(1)} %)` : `${f.done} / 0 (none due in this run)`)],
    ['schedule lag p50 (ms)', (f) => fmt(f.lagP50Ms)],
    ['schedule lag p99 (ms)', (f) => fmt(f.lagP99Ms)],
    ['CPU ms per check', (f) => (f.done > 0 ? f.cpuMsPerCheck.toFixed(3) : '–')],
    ['peak RSS during run (MB)', (f) => f.peakRssMb.toFixed(1)],
    ['max RSS incl. start-up (MB)', (f) => f.maxRssMb.toFixed(1)],
    ['DB bytes per result', (f) => f.dbBytesPerResult.toFixed(1)],
  ];
  const width = 30;
  console.log(['', ...results.map((f) => f.variant)].map((cell) => cell.padEnd(width)).join(''));
  for (const [label, cell] of rows) console.log([label, ...results.map(cell)].map((c) => c.padEnd(width)).join(''));
}

const fmt = (value: number | null) => (value === null ? '–' : value.toFixed(1));

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const newline = text.indexOf('\n');
      if (newline !== -1) resolve(text.slice(0, newline).trim());
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before answering`)));
  });
}

function runWorker(variant: Variant, port: number): Promise<Figures> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, VEILLE_BENCH_WORKER: variant, VEILLE_BENCH_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return firstLine(child).then((line) => JSON.parse(line) as Figures);
}

// ---------------------------------------------------------------------------------------------
// Workers: each measures itself and prints one JSON line.

function workloadYaml(port: number, every: string): string {
  const perEnvironment = 100;
  const lines = ['probe: { concurrency: 64 }', 'environments:'];
  for (let e = 0; e * perEnvironment < settings.checks; e++) {
    lines.push(`  - id: env-${e}`, `    name: Environment ${e}`, '    type: production', '    checks:');
    for (let i = e * perEnvironment; i < Math.min(settings.checks, (e + 1) * perEnvironment); i++) {
      lines.push(`      - { id: check-${i}, url: "http://127.0.0.1:${port}/c/${i}", every: "${every}", timeout: 5s, expect: { body: ok } }`);
    }
  }
  return lines.join('\n');
}

/** Turns due in (from, to] for the checks of the workload, at their offsets. */
function turnsDue(from: number, to: number, spanOf: (id: string) => number): number {
  const every = settings.everyS * 1000;
  let due = 0;
  for (let i = 0; i < settings.checks; i++) {
    const phase = phaseOffset(`check-${i}`, spanOf(`check-${i}`));
    for (let t = nextDueAt(from, every, phase); t <= to; t += every) due++;
  }
  return due;
}

function databaseBytes(dbFile: string): number {
  return ['', '-wal'].reduce((sum, suffix) => {
    try {
      return sum + statSync(dbFile + suffix).size;
    } catch {
      return sum;
    }
  }, 0);
}

/** Starts the clock, the CPU counter and an RSS sampler; `measure` reads them. */
function startMeasuring(dbFile: string) {
  const sampler = { peak: process.memoryUsage().rss };
  const timer = setInterval(() => {
    sampler.peak = Math.max(sampler.peak, process.memoryUsage().rss);
  }, 100);
  return { cpu: process.cpuUsage(), emptyBytes: databaseBytes(dbFile), sampler, timer };
}

function measure(
  variant: Variant,
  dbFile: string,
  started: ReturnType<typeof startMeasuring>,
  done: number,
  due: number,
  lag: { p50: number | null; p99: number | null },
): Figures {
  const cpu = process.cpuUsage(started.cpu);
  clearInterval(started.timer);
  const bytes = databaseBytes(dbFile) - started.emptyBytes;
  return {
    variant,
    due,
    done,
    lagP50Ms: lag.p50,
    lagP99Ms: lag.p99,
    cpuMsPerCheck: (cpu.user + cpu.system) / 1000 / Math.max(1, done),
    peakRssMb: started.sampler.peak / 1024 / 1024,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    dbBytesPerResult: bytes / Math.max(1, done),
  };
}

async function proberWorker(variant: 'prober' | 'cron', port: number): Promise<Figures> {
  const dbFile = join(mkdtempSync(join(tmpdir(), 'veille-bench-')), 'bench.db');
  const every = variant === 'cron' ? `*/${settings.everyS} * * * * *` : `${settings.everyS}s`;
  const config = parseConfig(workloadYaml(port, every), 'bench.yaml');
  const database = openDatabase(dbFile);
  database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const started = startMeasuring(dbFile);
  const prober = await openProber({ store: database.store, config });
  // Turns are due from when the schedule runs (restoring state and arming timers come first).
  const from = Date.now();
  await new Promise((resolve) => setTimeout(resolve, settings.seconds * 1000));
  const to = Date.now();
  const health = prober.health().details as { lagP50Ms: number | null; lagP99Ms: number | null };
  await prober.stop();
  const done = prober.stats().done;
  // The measure stops before closing: closing checkpoints the WAL into the file.
  database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  database.close();
  const spanOf = variant === 'cron' ? () => cronSpreadMs(every) : () => settings.everyS * 1000;
  return measure(variant, dbFile, started, done, turnsDue(from, to, spanOf), { p50: health.lagP50Ms, p99: health.lagP99Ms });
}

const worker = process.env.VEILLE_BENCH_WORKER as Variant | undefined;
if (worker) {
  const port = Number(process.env.VEILLE_BENCH_PORT);
  const figures = await proberWorker(worker, port);
  console.log(JSON.stringify(figures));
  process.exit(0);
}
