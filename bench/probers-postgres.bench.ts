// Two `veille probe` processes of one location sharing 20,000 checks every 10 s, writing to a
// throwaway PostgreSQL cluster on this machine (Debian's binaries, a Unix socket).
//
// The target is a loopback HTTP server in this process, stamping each request against the
// check's turns (k × interval + its offset, src/schedule/phase.ts): checks done against due,
// how late each probe came (lag p50/p99), and any turn probed twice. CPU is read from /proc over
// the same window: each prober's process, and the PostgreSQL server with its backends (those
// that ended too); per check, each prober's over the checks of the shards it held.
//
//   nice -n 10 npm run bench -- probers-postgres
//   VEILLE_BENCH_PROBE_CHECKS=5000 VEILLE_BENCH_SECONDS=30 nice -n 10 npm run bench -- probers-postgres
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { phaseOffset } from '../src/schedule/phase.ts';
import { shardOf } from '../src/share/shard-of.ts';
import { NO_POSTGRES_SERVER, postgresBinaries, startPostgresCluster } from '../test/support/postgres.ts';
import { nearestRank } from '../src/prober/percentile.ts';
import { sleep, startFlags, stop } from './support/daemon-process.ts';
import { cpuMsOfTree } from './support/proc-cpu.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const settings = {
  checks: Number(process.env.VEILLE_BENCH_PROBE_CHECKS ?? 20_000),
  seconds: Number(process.env.VEILLE_BENCH_SECONDS ?? 60),
  everyS: 10,
  probers: 2,
};
const CHECKS_PER_ENVIRONMENT = 100;
// A location named: its probers write its own timeline through the store on PostgreSQL.
const LOCATION = 'here';

export async function main(): Promise<void> {
  if (!postgresBinaries()) return void console.log(NO_POSTGRES_SERVER);
  const { checks, seconds, everyS } = settings;
  const everyMs = everyS * 1000;
  const ids = Array.from({ length: checks }, (_, n) => `c${n}`);
  const phase = new Map(ids.map((id) => [id, phaseOffset(id, everyMs)]));

  // Each hit: its turn, how late it came. Counting starts when `measuring` is set.
  let measuring = false;
  let done = 0;
  let twice = 0;
  const lags: number[] = [];
  const hitsOf = new Map<string, number>();
  const lastTurn = new Map<string, number>();
  const target = createServer((request, response) => {
    const id = (request.url ?? '/').slice(1);
    const offset = phase.get(id);
    if (offset !== undefined) {
      const now = Date.now();
      const turn = Math.floor((now - offset) / everyMs);
      if (measuring) {
        done++;
        lags.push(now - (turn * everyMs + offset));
        hitsOf.set(id, (hitsOf.get(id) ?? 0) + 1);
        if (lastTurn.get(id) === turn) twice++;
      }
      lastTurn.set(id, turn);
    }
    response.end('ok');
  });
  target.keepAliveTimeout = 60_000;
  await new Promise<void>((done) => target.listen(0, '127.0.0.1', done));
  const port = (target.address() as { port: number }).port;

  const dir = mkdtempSync(join(tmpdir(), 'veille-probers-pg-'));
  const cluster = await startPostgresCluster();
  const probers: ChildProcess[] = [];
  let client: pg.Client | null = null;
  try {
    const url = await cluster.createDatabase('bench_probers');
    const yaml = [`locations: [${LOCATION}]`, 'probe: { concurrency: 1000 }', 'environments:'];
    for (let e = 0; e * CHECKS_PER_ENVIRONMENT < checks; e++) {
      yaml.push(`  - id: env-${e}`, `    name: Env ${e}`, '    type: production', '    checks:');
      for (const id of ids.slice(e * CHECKS_PER_ENVIRONMENT, (e + 1) * CHECKS_PER_ENVIRONMENT)) {
        yaml.push(`      - { id: ${id}, url: "http://127.0.0.1:${port}/${id}", every: ${everyS}s, timeout: 2s }`);
      }
    }
    const configFile = join(dir, 'bench.yaml');
    writeFileSync(configFile, yaml.join('\n'));
    client = new pg.Client({ connectionString: url });
    const connected = client;
    // The cluster is stopped at the end, perhaps before the client has gone.
    client.on('error', () => undefined);
    const startedAt = Date.now();
    for (let n = 0; n < settings.probers; n++) {
      const child = spawn(process.execPath, [...startFlags(root), join(root, 'bin', 'veille.js'), 'probe', '--location', LOCATION, '--config', configFile, '--db', url], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
      probers.push(child);
      await new Promise<void>((ready, fail) => {
        child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('veille probing') && ready());
        child.once('exit', (code) => fail(new Error(`veille probe exited with ${code}`)));
      });
    }
    await connected.connect();
    const holders = async () =>
      new Map(
        (await connected.query<{ name: string; holder: string }>(`select name, holder from leases where name like 'probe/${LOCATION}/shard/%' and holder is not null`)).rows.map((row) => [
          Number(row.name.split('/').at(-1)),
          Number(row.holder.split(':')[1]),
        ]),
      );
    for (let waited = 0; ; waited++) {
      const held = [...(await holders()).values()];
      if (held.length === 32 && probers.every((child) => held.filter((pid) => pid === child.pid).length === 16)) break;
      if (waited > 600) throw new Error('the probers did not share the shards within 120 s');
      await sleep(200);
    }
    console.log(`${checks.toLocaleString('en')} checks every ${everyS} s, ${settings.probers} probers sharing them 16 shards each after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    // A full interval shared, then the window.
    await sleep(everyMs + 2_000);
    const shardPid = await holders();
    const cpuBefore = [...probers.map((child) => cpuMsOfTree(child.pid!)), cpuMsOfTree(cluster.pid)];
    measuring = true;
    const windowStart = Date.now();
    await sleep(seconds * 1000);
    measuring = false;
    const windowMs = Date.now() - windowStart;
    const cpuAfter = [...probers.map((child) => cpuMsOfTree(child.pid!)), cpuMsOfTree(cluster.pid)];
    const cpu = cpuAfter.map((ms, n) => ms - cpuBefore[n]!);

    const due = (checks * windowMs) / everyMs;
    const sorted = lags.sort((a, b) => a - b);
    console.log(`  window ${(windowMs / 1000).toFixed(1)} s: checks done ${done.toLocaleString('en')} of ${Math.round(due).toLocaleString('en')} due (${((100 * done) / due).toFixed(1)} %), a turn probed twice: ${twice}`);
    console.log(`  lag after the turn: p50 ${nearestRank(sorted, 50) ?? '-'} ms, p99 ${nearestRank(sorted, 99) ?? '-'} ms`);
    probers.forEach((child, n) => {
      const own = ids.filter((id) => shardPid.get(shardOf(id)) === child.pid).reduce((sum, id) => sum + (hitsOf.get(id) ?? 0), 0);
      console.log(`  prober ${n + 1} (pid ${child.pid}): ${cpu[n]!.toFixed(0)} CPU-ms, ${own.toLocaleString('en')} checks done, ${own ? (cpu[n]! / own).toFixed(3) : '-'} CPU-ms/check`);
    });
    const postgres = cpu[settings.probers]!;
    console.log(`  PostgreSQL (server and backends): ${postgres.toFixed(0)} CPU-ms, ${done ? (postgres / done).toFixed(3) : '-'} CPU-ms/check`);
  } finally {
    await client?.end().catch(() => undefined);
    await Promise.all(probers.map((child) => stop(child)));
    await cluster.stop();
    await new Promise((done) => target.close(done));
    rmSync(dir, { recursive: true, force: true });
  }
}
