// Readers against probing: a flood of anonymous monthly-report requests (different months, so
// that caching alone cannot absorb it) against a daemon (`veille start`, its own process) that
// probes loopback targets, counting the probe turns the prober missed (a turn is missed when a
// check fires a whole interval late or more) and the answers given (200, or 429 beyond the bound
// on reports computed at once). Printed, never asserted: a loaded machine moves the figures.
//
// Shorter or longer: VEILLE_BENCH_SECONDS=10 npm run bench -- reader-flood
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/store/database.ts';
import { outages } from '../src/store/schema/index.ts';

const settings = {
  seconds: Number(process.env.VEILLE_BENCH_SECONDS ?? 20),
  concurrency: 16,
  checks: 16,
  everyMs: 1000,
  outagesPerCheck: 6000,
};

const BIN = fileURLToPath(new URL('../bin/veille.js', import.meta.url));
const MONTHS = Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

export interface FloodOutcome {
  /** Answers by HTTP status (`error` for no answer). */
  readonly answers: Record<string, number>;
  /** Probe turns missed, and probes skipped because the previous one was still running, during the flood. */
  readonly missedTurns: number;
  readonly skippedOverlap: number;
  readonly health: Awaited<ReturnType<typeof health>>;
}

export async function main(): Promise<void> {
  const outcome = await readerFlood(settings.seconds);
  const turns = Math.round((settings.seconds * 1000 * settings.checks) / settings.everyMs);
  console.log(
    `${settings.checks} checks every ${settings.everyMs} ms (≈${turns} turns in ${settings.seconds} s); ${settings.concurrency} concurrent anonymous readers of /api/v1/reports/monthly over ${MONTHS.length} months, ${settings.checks * settings.outagesPerCheck} outages stored`,
  );
  console.log(`answers: ${Object.entries(outcome.answers).map(([status, count]) => `${status} × ${count}`).join(', ')}`);
  console.log(`missed probe turns during the flood: ${outcome.missedTurns}; probes skipped (still in flight): ${outcome.skippedOverlap}`);
  const after = outcome.health;
  console.log(`lag after: p50 ${after.lagP50Ms} ms, p99 ${after.lagP99Ms} ms, max ${after.lagMaxMs} ms; /healthz ok: ${after.ok}`);
}

/** The scenario (also run by test/hostile/reader-flood.test.ts): a daemon probing, readers flooding it for `seconds`. */
export async function readerFlood(seconds: number): Promise<FloodOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'veille-reader-flood-'));
  const target = createServer((_, response) => response.end('ok'));
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', () => resolve()));
  const targetPort = (target.address() as AddressInfo).port;
  const checks = Array.from({ length: settings.checks }, (_, i) => `      - { id: web-${i}, url: "http://127.0.0.1:${targetPort}/c${i}", every: ${settings.everyMs}ms, timeout: 500ms }`);
  writeFileSync(
    join(dir, 'monitor.config.yaml'),
    `environments:\n  - id: shop-prod\n    name: Shop\n    type: production\n    public: true\n    slaStart: "2026-01-01T00:00:00-05:00"\n    checks:\n${checks.join('\n')}\n`,
  );
  const dbFile = join(dir, 'veille.db');
  seed(dbFile);
  const daemon = spawn(process.execPath, [BIN, 'start', '--port', '0', '--db', dbFile], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const port = await listening(daemon);
    const base = `http://127.0.0.1:${port}`;
    // Until the prober has reached its steady state.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const before = await health(base);
    const answers = await flood(base, seconds);
    const after = await health(base);
    return { answers, missedTurns: after.missedTurns - before.missedTurns, skippedOverlap: after.skippedOverlap - before.skippedOverlap, health: after };
  } finally {
    if (daemon.exitCode === null) {
      daemon.kill('SIGTERM');
      await new Promise((resolve) => daemon.once('exit', resolve));
    }
    target.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Outages spread over the year so that each month's report has work to do. */
function seed(file: string): void {
  const database = openDatabase(file);
  const start = Date.parse('2026-01-02T00:00:00Z');
  const span = Date.parse('2026-11-25T00:00:00Z') - start;
  database.db.transaction((tx) => {
    for (let c = 0; c < settings.checks; c++) {
      for (let k = 0; k < settings.outagesPerCheck; k++) {
        const at = start + Math.floor((span * k) / settings.outagesPerCheck) + c * 60_000;
        tx.insert(outages).values({ checkId: `web-${c}`, envId: 'shop-prod', start: at, end: at + 240_000, lastDownAt: at + 200_000, source: 'probe', createdAt: at }).run();
      }
    }
  });
  database.close();
}

async function flood(base: string, seconds: number): Promise<Record<string, number>> {
  const answers: Record<string, number> = {};
  const until = performance.now() + seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: settings.concurrency }, async () => {
      while (performance.now() < until) {
        const month = MONTHS[next++ % MONTHS.length]!;
        try {
          const response = await fetch(`${base}/api/v1/reports/monthly?month=${month}`);
          await response.arrayBuffer();
          answers[response.status] = (answers[response.status] ?? 0) + 1;
        } catch {
          answers.error = (answers.error ?? 0) + 1;
        }
      }
    }),
  );
  return answers;
}

async function health(base: string): Promise<{ ok: boolean; missedTurns: number; skippedOverlap: number; lagP50Ms: number; lagP99Ms: number; lagMaxMs: number }> {
  return (await (await fetch(`${base}/healthz`)).json()) as never;
}

function listening(child: ReturnType<typeof spawn>): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`veille start exited (${code}):\n${output}`)));
  });
}
