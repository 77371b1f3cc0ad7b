import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { expect } from 'vitest';
import { phaseOffset } from '../../src/schedule/phase.ts';

// What the tests of probers sharing a location's checks between real processes have in common:
// a loopback target counting the probes of each check, veille processes started and killed, the
// shard leases read from the database, and the check that no turn of a check was probed twice.

const root = resolve(import.meta.dirname, '..', '..');

/** A loopback target stamping each request for `/ID` with its time; `down` answers 503. */
export interface CountingTarget {
  readonly port: number;
  readonly hits: Map<string, number[]>;
  close(): Promise<void>;
}

export async function countingTarget(checkIds: readonly string[], down: string | null = null): Promise<CountingTarget> {
  const hits = new Map<string, number[]>(checkIds.map((id) => [id, []]));
  const target = createServer((request, response) => {
    const id = (request.url ?? '').slice(1);
    hits.get(id)?.push(Date.now());
    response.statusCode = id === down ? 503 : 200;
    response.end('ok');
  });
  await new Promise<void>((done) => target.listen(0, '127.0.0.1', done));
  return { port: (target.address() as { port: number }).port, hits, close: () => new Promise((done) => target.close(() => done())) };
}

/** One environment of `checkIds` on the target, every `every`, with `locations` when given. */
export function sharedChecksConfig(port: number, checkIds: readonly string[], every: string, locations: readonly string[] = []): string {
  return `${locations.length > 0 ? `locations: [${locations.join(', ')}]` : ''}
environments:
  - id: acme-prod
    name: Acme
    type: production
    checks:
${checkIds.map((id) => `      - { id: ${id}, url: "http://127.0.0.1:${port}/${id}", every: ${every}, timeout: 1s, confirmAfter: 2 }`).join('\n')}
`;
}

/** Starts `veille ARGS` in `cwd`, resolving once its standard output says `ready`; `children` keeps it for the cleanup. */
export async function spawnVeille(args: readonly string[], cwd: string, ready: string, children: ChildProcess[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, 'bin', 'veille.js'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((done, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(ready)) done();
    });
    child.once('exit', (code) => fail(new Error(`veille ${args[0]} exited with ${code}: ${output}`)));
  });
  return child;
}

export function killAll(children: readonly ChildProcess[]): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Stops a veille process with SIGTERM and waits for it to exit. */
export async function terminate(child: ChildProcess): Promise<void> {
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

/** Polls `done` every 200 ms until it holds, failing past `boundMs`. */
export async function until(what: string, done: () => Promise<boolean>, boundMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!(await done())) {
    if (Date.now() - start > boundMs) throw new Error(`${what}: not within ${boundMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Reads rows with SQL, numbers as numbers, whichever database. */
export type Query = <T>(sql: string) => Promise<T[]>;

/** A PostgreSQL database's rows through one client, bigints read as numbers. */
export async function postgresQuery(url: string): Promise<{ query: Query; close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async query<T>(sql: string) {
      return (await client.query(sql)).rows.map((row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v]))) as T[];
    },
    close: () => client.end(),
  };
}

/** The live shard leases of a location: shard → the pid of the process holding it (holder ids are `host:pid:random`). */
export async function shardHolders(query: Query, location: string): Promise<Map<number, number>> {
  const rows = await query<{ name: string; holder: string }>(`select name, holder from leases where name like 'probe/${location}/shard/%' and holder is not null and expires_at > ${Date.now()}`);
  return new Map(rows.map((row) => [Number(row.name.split('/').at(-1)), Number(row.holder.split(':')[1])]));
}

/** Until `pids` hold the 32 shards of `location` between them in equal parts. */
export async function untilShared(query: Query, location: string, pids: readonly number[]): Promise<void> {
  await until(`the shards of ${location} shared by ${pids.length}`, async () => {
    const holders = [...(await shardHolders(query, location)).values()];
    return holders.length === 32 && pids.every((pid) => holders.filter((holder) => holder === pid).length === 32 / pids.length);
  });
}

/** The turn of a check probed at `at`: its turns are k × every plus an offset from its id. */
export const turnOf = (id: string, at: number, everyMs: number): number => Math.floor((at - phaseOffset(id, everyMs)) / everyMs);

/** Each check probed at least `atLeast` times, never twice in one of its turns. */
export function expectEachTurnProbedOnce(hits: Map<string, number[]>, everyMs: number, atLeast: number): void {
  for (const [id, at] of hits) {
    const turns = at.map((stamp) => turnOf(id, stamp, everyMs));
    expect(turns.length, id).toBeGreaterThanOrEqual(atLeast);
    expect(new Set(turns).size, `${id}: probed twice in one turn (${turns.join(' ')})`).toBe(turns.length);
  }
}
