// The public status page and summary.json under load: autocannon, 100 connections, 20 s each
// (after 2 s of warm-up),
// against a daemon (HTTP server + prober) in its own process, with a seeded database and the
// prober running 1,000 checks every 10 s against a loopback target (in a third process).
// Figures are printed, never asserted.
//
// Shorter while developing: VEILLE_BENCH_SECONDS=5 npm run bench -- status-page
// Without the prober (the page alone): VEILLE_BENCH_PROBE=0.
import { spawn, type ChildProcess } from 'node:child_process';
import { storeResults } from '../src/history/result-history.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error autocannon ships no type declarations; the fields read here are typed below.
import autocannonUntyped from 'autocannon';
import { buildCalendars, type Calendars } from '../src/config/calendars.ts';
import { parseConfig } from '../src/config/parse-config.ts';
import type { Config } from '../src/config/types.ts';
import { startDaemon } from '../src/daemon/daemon.ts';
import { createExclusionSchema } from '../src/exclusions/exclusion-input.ts';
import { excludeOutage } from '../src/exclusions/exclusion-service.ts';
import { createIncidentSchema } from '../src/incidents/incident-input.ts';
import { addIncidentUpdate, createIncident } from '../src/incidents/incident-service.ts';
import { createWindowSchema } from '../src/maintenance/window-input.ts';
import { registerWindow } from '../src/maintenance/window-service.ts';
import { openDatabase, type OpenDatabase } from '../src/store/database.ts';
import { environmentsSeen, outages } from '../src/store/schema/index.ts';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  throughput: { total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
const autocannon = autocannonUntyped as (options: { url: string; connections: number; duration: number; headers?: Record<string, string> }) => Promise<AutocannonResult>;

const settings = {
  seconds: Number(process.env.VEILLE_BENCH_SECONDS ?? 20),
  connections: Number(process.env.VEILLE_BENCH_CONNECTIONS ?? 100),
  checks: 1000,
  everyS: 10,
  probe: process.env.VEILLE_BENCH_PROBE !== '0',
};

// Browsers ask for compression; the last row is a client that does not (the full 130 KB page).
const RUNS: Array<{ path: string; label: string; compressed: boolean }> = [
  { path: '/', label: '/', compressed: true },
  { path: '/api/v2/summary.json', label: '/api/v2/summary.json', compressed: true },
  { path: '/', label: '/ (uncompressed)', compressed: false },
];

const TARGET_SCRIPT = `
const http = require('node:http');
const server = http.createServer((req, res) => res.end('{"status":"ok"}'));
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

interface Row {
  path: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  bytesPerResponse: number;
  errors: number;
  non2xx: number;
}

export async function main(): Promise<void> {
  console.log(
    `${settings.connections} connections, ${settings.seconds} s per path; daemon with ${settings.probe ? `the prober running ${settings.checks} checks every ${settings.everyS} s against a loopback target` : 'no prober'}`,
  );
  const target = spawn(process.execPath, ['-e', TARGET_SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
  let server: ChildProcess | null = null;
  try {
    const targetPort = Number(await firstLine(target));
    server = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, VEILLE_BENCH_WORKER: 'server', VEILLE_BENCH_TARGET: String(targetPort) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const { port, seedMs } = JSON.parse(await firstLine(server)) as { port: number; seedMs: number };
    const base = `http://127.0.0.1:${port}`;
    const cold = performance.now();
    const firstPage = await fetch(`${base}/`);
    await firstPage.text();
    console.log(`seeding ${seedMs.toFixed(0)} ms; first page (snapshot built and rendered) ${(performance.now() - cold).toFixed(1)} ms`);
    // Let the prober reach its steady state before measuring.
    if (settings.probe) await new Promise((resolve) => setTimeout(resolve, 3000));
    const rows: Row[] = [];
    for (const run of RUNS) rows.push(await load(`${base}${run.path}`, run.label, run.compressed));
    print(rows);
    const health = (await (await fetch(`${base}/healthz`)).json()) as Record<string, unknown>;
    if (settings.probe) console.log(`prober after the run: ${JSON.stringify(health)}`);
  } finally {
    server?.kill('SIGTERM');
    target.kill();
  }
}

async function load(url: string, path: string, compressed: boolean): Promise<Row> {
  // As a browser asks: compressed if possible (the page is stored compressed per snapshot).
  const headers: Record<string, string> = compressed ? { 'accept-encoding': 'gzip, deflate, br' } : {};
  // Two seconds first, not counted: the server's code is compiled and its snapshot built.
  await autocannon({ url, connections: settings.connections, duration: 2, headers });
  const result = await autocannon({ url, connections: settings.connections, duration: settings.seconds, headers });
  return {
    path,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    bytesPerResponse: result.throughput.total / Math.max(1, result.requests.total),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

function print(rows: Row[]): void {
  const header = ['path', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'bytes/resp', 'errors', 'non-2xx'];
  const cells = rows.map((row) => [row.path, row.requestsPerSecond.toFixed(0), String(row.p50), String(row.p99), String(row.max), row.bytesPerResponse.toFixed(0), String(row.errors), String(row.non2xx)]);
  const widths = header.map((title, k) => Math.max(title.length, ...cells.map((row) => row[k]!.length)));
  for (const line of [header, ...cells]) console.log(line.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join('  '));
}

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

// ---------------------------------------------------------------------------------------------
// The server process: a seeded database file, then the daemon on it.

const PUBLIC_ENVIRONMENTS = 10;
const DAY = 86_400_000;

export function workloadYaml(targetPort: number): string {
  const lines = ['target: 99', 'probe: { concurrency: 64 }', 'environments:'];
  const check = (id: string, extra = '') => `      - { id: ${id}, url: "http://127.0.0.1:${targetPort}/c/${id}", every: ${settings.everyS}s, timeout: 5s${extra} }`;
  let made = 0;
  for (let e = 0; e < PUBLIC_ENVIRONMENTS; e++) {
    lines.push(`  - id: client-${e}-prod`, `    name: Client ${e} production`, '    type: production', '    public: true', '    slaStart: "2026-01-01T00:00:00-05:00"', '    checks:');
    lines.push(check(`c${e}-web`), check(`c${e}-api`), check(`c${e}-login`, ', role: feature, feature: login'), check(`c${e}-budget`, ', role: feature, feature: budget'), check(`c${e}-invoicing`, ', role: feature, feature: invoicing'));
    made += 5;
  }
  for (let e = 0; made < settings.checks; e++) {
    lines.push(`  - id: private-${e}`, `    name: Private ${e}`, '    type: production', '    checks:');
    for (let k = 0; k < 50 && made < settings.checks; k++, made++) lines.push(check(`p${e}-${k}`));
  }
  return lines.join('\n');
}

/** 90 days of history for the public environments: outages, an exclusion, windows, incidents. */
export async function seed(database: OpenDatabase, config: Config, calendars: Calendars, now: number): Promise<void> {
  const db = database.db;
  db.transaction((tx) => {
    for (const environment of config.environments) tx.insert(environmentsSeen).values({ envId: environment.id, firstSeenAt: now - 120 * DAY }).run();
    for (let e = 0; e < PUBLIC_ENVIRONMENTS; e++) {
      // An outage every 9 days or so, 5 to 40 minutes long, at various hours.
      for (let d = 3 + e; d < 90; d += 9) {
        const start = now - d * DAY + ((e * 37 + d * 53) % 600) * 60_000;
        tx.insert(outages).values({ checkId: `c${e}-web`, envId: `client-${e}-prod`, start, end: start + (5 + ((e + d) % 8) * 5) * 60_000, source: 'probe', createdAt: start, reason: 'HTTP 503' }).run();
      }
    }
    // A recent result per check, so the page has states before the prober's first turn.
    for (const environment of config.environments) {
      for (const check of environment.checks) storeResults(database.sqlite, [{ checkId: check.id, envId: environment.id, at: now - 1000, status: 'up', latencyMs: 12 }]);
    }
  });
  const writer = { actor: 'bench', now };
  await excludeOutage({ store: database.store }, 1, createExclusionSchema.parse({ reason: 'client_internet', justification: 'Client ISP outage' }), writer);
  for (let k = 0; k < 3; k++) {
    const start = new Date(now + (k + 1) * 2 * DAY).toISOString();
    const end = new Date(now + (k + 1) * 2 * DAY + 90 * 60_000).toISOString();
    await registerWindow({ store: database.store, config }, createWindowSchema.parse({ environments: [`client-${k}-prod`, `client-${k + 1}-prod`], start, end, impact: `Planned upgrade ${k + 1}: sign-in unavailable for up to 90 minutes.` }), writer);
  }
  const desk = { store: database.store, config, calendars };
  for (let k = 0; k < 3; k++) {
    const incident = await createIncident(desk, createIncidentSchema.parse({ title: `Slow invoicing ${k + 1}`, priority: k === 0 ? 'II' : 'III', environments: [`client-${k}-prod`], public: true }), { actor: 'bench', now: now - (k + 1) * 3_600_000 });
    await addIncidentUpdate(desk, incident.id, { message: 'We found the cause and are deploying a fix.' }, { actor: 'bench', now: now - k * 3_600_000 - 60_000 });
  }
}

async function serverWorker(): Promise<void> {
  const config = parseConfig(workloadYaml(Number(process.env.VEILLE_BENCH_TARGET)), 'bench.yaml');
  const dbFile = join(mkdtempSync(join(tmpdir(), 'veille-status-bench-')), 'bench.db');
  const started = performance.now();
  const database = openDatabase(dbFile);
  await seed(database, config, buildCalendars(config), Date.now());
  database.close();
  const seedMs = performance.now() - started;
  const daemon = await startDaemon({ config, dbFile, port: 0, host: '127.0.0.1', probe: settings.probe });
  console.log(JSON.stringify({ port: daemon.port, seedMs }));
  process.once('SIGTERM', () => {
    void daemon.stop().then(() => process.exit(0));
  });
}

if (process.env.VEILLE_BENCH_WORKER === 'server') await serverWorker();
