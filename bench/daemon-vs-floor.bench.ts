// The whole daemon against the floor, side by side in one run.
//
// `veille start` (prober, HTTP server, notifier, retention) and the floor prober (one keep-alive
// agent, a timer wheel, one prepared INSERT, one transaction a second) run at the same time, each
// in its own process probing its own copy of the same loopback target, with the same N checks
// every 10 s. CPU is the utime+stime of each process tree read from /proc over the same window;
// checks done are counted where the requests land. A ratio measured this way holds on a noisy
// machine; an absolute time does not.
//
// The floor lives beside the repository (`../shared/bench`, or VEILLE_FLOOR_DIR); without it the
// daemon is measured alone and the run says so.
//
//   npm run bench -- daemon-vs-floor
//   VEILLE_BENCH_SIZES=2000,50000 VEILLE_BENCH_SECONDS=60 npm run bench -- daemon-vs-floor
//   (VEILLE_BENCH_CONCURRENCY: the daemon's probe.concurrency, 1000 unless set)
//   VEILLE_BENCH_COMPARE=/path/to/another/checkout npm run bench -- daemon-vs-floor
//   (a third side: that checkout's build, started the same way, for a before/after in one run)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { DEFAULT_LATENCY_MINUTES_DAYS } from '../src/config/defaults.ts';
import { monthOfHistory } from './history-month.ts';
import { freePort, sleep, startFlags, stop, targetHits, waitFor } from './support/daemon-process.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const floorDir = process.env.VEILLE_FLOOR_DIR ?? resolve(root, '..', 'shared', 'bench');
const settings = {
  sizes: (process.env.VEILLE_BENCH_SIZES ?? '2000,50000').split(',').map(Number),
  seconds: Number(process.env.VEILLE_BENCH_SECONDS ?? 60),
  everyS: Number(process.env.VEILLE_BENCH_EVERY_S ?? 10),
};
const TICKS_PER_S = 100; // USER_HZ on Linux
const PROBE_CONCURRENCY = Number(process.env.VEILLE_BENCH_CONCURRENCY ?? 1000);
/** Another checkout of veille (built), measured beside this one: a change before and after, in one run. */
const otherRoot = process.env.VEILLE_BENCH_COMPARE ? resolve(process.env.VEILLE_BENCH_COMPARE) : null;

interface Side {
  name: string;
  process: ChildProcess;
  targetPort: number;
  dbFile: string;
  peakRssKb: number;
  /** The peak's parts: anonymous memory (V8's heap, native allocations) and file-backed pages (node, ICU, libraries). */
  peakParts: { anonKb: number; fileKb: number };
}

export async function main(): Promise<void> {
  const hasFloor = existsSync(join(floorDir, 'floor-prober.js'));
  if (!hasFloor) console.log(`(no floor at ${floorDir}: set VEILLE_FLOOR_DIR; the daemon is measured alone)`);
  for (const n of settings.sizes) await compare(n, hasFloor);
  printMonthOfHistory();
}

function printMonthOfHistory(): void {
  const month = monthOfHistory();
  const perDay = (bytes: number) => Math.round(bytes / month.checks / 30).toLocaleString('en');
  console.log(`\nA month of history, ${month.checks} checks every 10 s, one down in 1,000, latency minutes kept ${DEFAULT_LATENCY_MINUTES_DAYS} days (${month.results.toLocaleString('en')} results):`);
  console.log(`  as runs: ${month.bytesPerResult.toFixed(2)} bytes/result, ${Math.round(month.bytesPerCheckPerDay).toLocaleString('en')} bytes/check/day`);
  for (const table of month.tables) console.log(`    ${table.name.padEnd(22)} ${table.rows.toLocaleString('en').padStart(9)} rows ${perDay(table.bytes).padStart(9)} bytes/check/day`);
  const then = month.rowPerResultBytesPerResult;
  console.log(`  one row per result (before): ${then.toFixed(2)} bytes/result, ${Math.round((then * month.results) / month.checks / 30).toLocaleString('en')} bytes/check/day: ${(then / month.bytesPerResult).toFixed(1)}× more`);
}

async function compare(n: number, hasFloor: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'veille-vs-floor-'));
  const targetScript = hasFloor ? join(floorDir, 'target-server.js') : join(dir, 'target.cjs');
  if (!hasFloor) writeFileSync(targetScript, FALLBACK_TARGET);
  const children: ChildProcess[] = [];
  try {
    const targets = await Promise.all([freePort(), freePort(), ...(otherRoot ? [freePort()] : [])]);
    for (const port of targets) {
      children.push(spawn(process.execPath, [targetScript], { env: { ...process.env, PORT: String(port), MAX_S: String(settings.seconds * 3 + 120) }, stdio: 'ignore' }));
    }
    await Promise.all(targets.map((port) => waitFor(`http://127.0.0.1:${port}/__stats`)));

    const httpPort = await freePort();
    const startDaemon = (name: string, checkout: string, targetPort: number, port: number, dbName: string): Side => {
      const configFile = join(dir, `${dbName}.yaml`);
      writeFileSync(configFile, workloadYaml(n, targetPort));
      const side: Side = {
        name,
        process: spawn(process.execPath, [...startFlags(checkout), join(checkout, 'bin', 'veille.js'), 'start', '--config', configFile, '--db', join(dir, `${dbName}.db`), '--port', String(port)], {
          cwd: dir,
          stdio: ['ignore', 'ignore', 'inherit'],
        }),
        targetPort,
        dbFile: join(dir, `${dbName}.db`),
        peakRssKb: 0,
        peakParts: { anonKb: 0, fileKb: 0 },
      };
      children.push(side.process);
      return side;
    };
    const daemon = startDaemon('veille start', root, targets[0]!, httpPort, 'veille');
    const sides = [daemon];
    const otherPort = otherRoot ? await freePort() : null;
    if (otherRoot) sides.push(startDaemon('other build', otherRoot, targets[2]!, otherPort!, 'other'));
    if (hasFloor) {
      const floor: Side = {
        name: 'floor',
        process: spawn(process.execPath, [join(floorDir, 'floor-prober.js')], {
          env: {
            ...process.env,
            NODE_PATH: join(root, 'node_modules'),
            N: String(n),
            INTERVAL_S: String(settings.everyS),
            TARGET: `http://127.0.0.1:${targets[1]}`,
            DB: join(dir, 'floor.db'),
            MAX_S: String(settings.seconds * 3 + 60),
            TIMEOUT_MS: '5000',
          },
          stdio: 'ignore',
        }),
        targetPort: targets[1]!,
        dbFile: join(dir, 'floor.db'),
        peakRssKb: 0,
        peakParts: { anonKb: 0, fileKb: 0 },
      };
      children.push(floor.process);
      sides.push(floor);
    }
    const sampler = setInterval(() => {
      for (const side of sides) {
        const rss = treeRssKb(side.process.pid!);
        if (rss > side.peakRssKb) [side.peakRssKb, side.peakParts] = [rss, treeRssParts(side.process.pid!)];
      }
    }, 250);
    try {
      await waitFor(`http://127.0.0.1:${httpPort}/healthz`, 120_000);
      if (otherPort) await waitFor(`http://127.0.0.1:${otherPort}/healthz`, 120_000);
      // Every check probes within one interval of start; measure from the second interval on.
      await sleep((settings.everyS + 2) * 1000);
      const before = await Promise.all(sides.map(async (side) => ({ cpu: treeCpuTicks(side.process.pid!), hits: await targetHits(side.targetPort), paths: await distinctPaths(side.targetPort) })));
      const pageLatencies: number[] = [];
      const until = Date.now() + settings.seconds * 1000;
      // The other build's page is read as often (its latencies not kept): both daemons do the same work.
      const readPage = async (port: number) => {
        const t0 = performance.now();
        const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'accept-encoding': 'gzip' } }).catch(() => null);
        await response?.arrayBuffer();
        return response?.ok ? performance.now() - t0 : null;
      };
      while (Date.now() < until) {
        const [ms] = await Promise.all([readPage(httpPort), ...(otherPort ? [readPage(otherPort)] : [])]);
        if (ms !== null && ms !== undefined) pageLatencies.push(ms);
        await sleep(1000);
      }
      const after = await Promise.all(sides.map(async (side) => ({ cpu: treeCpuTicks(side.process.pid!), hits: await targetHits(side.targetPort) })));
      type Health = { lagP50Ms?: number | null; lagP99Ms?: number | null };
      const healthOf = async (port: number) => (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Health;
      const health = await healthOf(httpPort);
      const otherHealth = otherPort ? await healthOf(otherPort) : null;
      // Stored bytes per result: each side stopped, its WAL folded into the file, less what the
      // same database holds empty, over every result it took since it started.
      const taken = await Promise.all(sides.map((side) => targetHits(side.targetPort)));
      await Promise.all(sides.map((side) => stop(side.process)));
      const emptyBytes: Record<string, number> = { [daemon.dbFile]: emptyVeilleBytes(dir), [join(dir, 'floor.db')]: 0 };
      if (otherRoot) emptyBytes[join(dir, 'other.db')] = emptyBytes[daemon.dbFile]!;
      const due = (n * settings.seconds) / settings.everyS;
      console.log(`\n${n.toLocaleString('en')} checks every ${settings.everyS} s, ${settings.seconds} s measured side by side (${due.toLocaleString('en')} due each)`);
      console.log('side            done/due   CPU-ms/check  peak RSS MB  DB bytes/result  bytes/check/day  lag p50/p99 ms');
      const perCheck: number[] = [];
      sides.forEach((side, k) => {
        const done = after[k]!.hits - before[k]!.hits;
        const cpuMs = ((after[k]!.cpu - before[k]!.cpu) * 1000) / TICKS_PER_S;
        const perResult = (storedBytes(side.dbFile) - (emptyBytes[side.dbFile] ?? 0)) / Math.max(1, taken[k]!);
        perCheck.push(cpuMs / Math.max(1, done));
        const ms = (value: number | null | undefined) => (typeof value === 'number' ? value.toFixed(0) : '–');
        const seen = side === daemon ? health : side.name === 'other build' ? otherHealth : null;
        const lag = seen ? `${ms(seen.lagP50Ms)}/${ms(seen.lagP99Ms)}` : '–';
        console.log(
          `${side.name.padEnd(14)} ${`${((100 * done) / due).toFixed(2)} %`.padStart(9)} ${(cpuMs / Math.max(1, done)).toFixed(3).padStart(13)} ${(side.peakRssKb / 1024).toFixed(0).padStart(12)} ${perResult.toFixed(1).padStart(16)} ${(perResult * (86_400 / settings.everyS)).toFixed(0).padStart(16)}  ${lag}`,
        );
      });
      console.log(`peak RSS in parts (anonymous: V8's heap and native memory; file-backed: node, ICU, libraries): ${sides.map((side) => `${side.name} ${Math.round(side.peakParts.anonKb / 1024)} + ${Math.round(side.peakParts.fileKb / 1024)} MB`).join(', ')}`);
      const floorIndex = sides.findIndex((side) => side.name === 'floor');
      if (floorIndex > 0) {
        console.log(`ratio veille / floor, CPU per check: ${sides.slice(0, floorIndex).map((side, k) => `${side.name} ${(perCheck[k]! / perCheck[floorIndex]!).toFixed(2)}×`).join(', ')}`);
      }
      console.log(`checks probed within the first ${settings.everyS + 2} s after /healthz answered: ${sides.map((side, k) => `${side.name} ${before[k]!.paths.toLocaleString('en')} of ${n.toLocaleString('en')}`).join(', ')}`);
      console.log(`load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} (${availableParallelism()} cores)`);
      const sorted = pageLatencies.sort((a, b) => a - b);
      console.log(`status page while probing: ${sorted.length} reads, median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1) ?? '–'} ms, slowest ${sorted.at(-1)?.toFixed(1) ?? '–'} ms`);
    } finally {
      clearInterval(sampler);
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await sleep(1000);
  }
}

function workloadYaml(n: number, port: number): string {
  const perEnvironment = 100;
  // At 5,000 checks a second, 64 probes at once (the default) cap the rate at 64 over a probe's
  // time, which a loaded machine stretches to tens of milliseconds; the floor has no such cap.
  const lines = [`probe: { concurrency: ${PROBE_CONCURRENCY} }`, 'environments:'];
  for (let e = 0; e * perEnvironment < n; e++) {
    lines.push(`  - id: env-${e}`, `    name: Environment ${e}`, '    type: production', '    checks:');
    for (let i = e * perEnvironment; i < Math.min(n, (e + 1) * perEnvironment); i++) {
      lines.push(`      - { id: check-${i}, url: "http://127.0.0.1:${port}/c/${i}", every: ${settings.everyS}s, timeout: 5s }`);
    }
  }
  return lines.join('\n') + '\n';
}

/** The pids of a process and all its descendants, from /proc. */
function tree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while the table was read.
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    out.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return out;
}

function treeCpuTicks(pid: number): number {
  return tree(pid).reduce((sum, p) => {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      // utime and stime are fields 14 and 15 of stat, 12 and 13 after "pid (comm) ".
      return sum + Number(fields[11]) + Number(fields[12]);
    } catch {
      return sum;
    }
  }, 0);
}

function treeRssKb(pid: number): number {
  return tree(pid).reduce((sum, p) => {
    try {
      const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      return sum + Number(match?.[1] ?? 0);
    } catch {
      return sum;
    }
  }, 0);
}

function treeRssParts(pid: number): { anonKb: number; fileKb: number } {
  return tree(pid).reduce(
    (sum, p) => {
      try {
        const status = readFileSync(`/proc/${p}/status`, 'utf8');
        const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
        return { anonKb: sum.anonKb + field('RssAnon'), fileKb: sum.fileKb + field('RssFile') + field('RssShmem') };
      } catch {
        return sum;
      }
    },
    { anonKb: 0, fileKb: 0 },
  );
}

/** The pages a database uses once its WAL is checkpointed: what it keeps, not what it has touched. */
function storedBytes(file: string): number {
  const db = new Database(file);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pages = Number(db.pragma('page_count', { simple: true })) - Number(db.pragma('freelist_count', { simple: true }));
    return pages * Number(db.pragma('page_size', { simple: true }));
  } finally {
    db.close();
  }
}

/** The size of a veille database with its schema and nothing probed. */
function emptyVeilleBytes(dir: string): number {
  const file = join(dir, 'empty.db');
  const made = spawnSync(process.execPath, [join(root, 'bin', 'veille.js'), 'token', 'create', '--role', 'viewer', '--db', file], { cwd: dir, stdio: 'ignore' });
  return made.status === 0 ? storedBytes(file) : 0;
}



/** How many different checks (paths) the target has seen since it started. */
async function distinctPaths(port: number): Promise<number> {
  const stats = (await (await fetch(`http://127.0.0.1:${port}/__stats`)).json()) as { distinctPaths?: number };
  return stats.distinctPaths ?? 0;
}





/** The same contract as the floor's target, for a run without it: 200 "ok", hits counted. */
const FALLBACK_TARGET = `
const http = require('node:http');
let total = 0;
const paths = new Set();
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/__stats')) { res.end(JSON.stringify({ total, distinctPaths: paths.size })); return; }
  total++;
  paths.add(req.url);
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2 });
  res.end('ok');
});
server.keepAliveTimeout = 65000;
server.listen(Number(process.env.PORT), '127.0.0.1');
setTimeout(() => process.exit(0), Number(process.env.MAX_S) * 1000).unref();
`;
