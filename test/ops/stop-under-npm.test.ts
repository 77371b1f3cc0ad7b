import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Target } from '../probe/loopback.ts';
import { startVeille } from '../support/run-veille.ts';
import { probedSetUp, type ProbedSetUp } from './support.ts';

// What a service manager, a container runtime or a terminal does to the command the README starts:
// a signal to that process (npm's, not the daemon's), or Ctrl-C to its whole process group. Each
// wrapper runs in its own process group so that the test can signal exactly as they do, and clean
// up whatever a failed stop leaves behind.

const root = resolve(import.meta.dirname, '..', '..');
// Each case starts veille twice (through npm, then directly): seconds each on a busy machine.
const STARTS_TIMEOUT_MS = 90_000;
const groups: number[] = [];
let target: Target | null = null;
afterEach(async () => {
  for (const group of groups.splice(0)) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // Already gone: the stop under test worked.
    }
  }
  await target?.close();
  target = null;
});

interface Wrapped {
  readonly child: ChildProcess;
  readonly port: Promise<number>;
  readonly exited: Promise<void>;
  output(): string;
}

/** Runs `command` (npm, npx) from the package directory in a new process group, as a shell would. */
function runWrapped(command: string, args: string[]): Wrapped {
  const child = spawn(command, args, { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  groups.push(child.pid!);
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const port = new Promise<number>((resolvePort, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolvePort(Number(match[1]));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => reject(new Error(`${command} exited before listening:\n${output}`)));
  });
  return { child, port, exited, output: () => output };
}

/** A configuration probing a loopback target every second (closed after the test). */
async function setUp(): Promise<ProbedSetUp> {
  const setUp = await probedSetUp('veille-stop-');
  target = setUp.target;
  return setUp;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

function read(dbFile: string): { lockHolders: number; results: number } {
  const db = new Database(dbFile, { readonly: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return { lockHolders: count('SELECT count(*) AS n FROM daemon_lock'), results: count('SELECT coalesce(sum(count), 0) AS n FROM probe_runs') };
  } finally {
    db.close();
  }
}

/** The port and the database are free again: a second daemon starts on both. */
async function expectSecondStart(dir: string, configFile: string, dbFile: string, port: number): Promise<void> {
  const second = await startVeille(dir, ['--config', configFile, '--db', dbFile, '--port', String(port)]);
  try {
    expect(second.port).toBe(port);
  } finally {
    await second.stop();
  }
}

describe('stopping the daemon the README starts', () => {
  it('SIGTERM to `npm start` stops the daemon: results written, lock released, port freed, a second start succeeds', async () => {
    const { dir, configFile, dbFile, answered } = await setUp();
    const npm = runWrapped('npm', ['start', '--', '--config', configFile, '--db', dbFile, '--port', '0']);
    const port = await npm.port;
    await vi.waitFor(() => expect(answered()).toBeGreaterThanOrEqual(2), { timeout: 15_000, interval: 100 });

    process.kill(npm.child.pid!, 'SIGTERM');
    await npm.exited;

    expect(npm.output()).toContain('SIGTERM: stopping');
    expect(await portIsFree(port)).toBe(true);
    const after = read(dbFile);
    expect(after.lockHolders).toBe(0);
    // Every probe answered before the signal is a result; one cut short by the stop is not.
    expect(after.results).toBeGreaterThanOrEqual(answered() - 1);
    await expectSecondStart(dir, configFile, dbFile, port);
  }, STARTS_TIMEOUT_MS);

  it('Ctrl-C in the terminal (SIGINT to npm and the daemon at once) stops it cleanly, not killed by the second SIGINT', async () => {
    const { dir, configFile, dbFile, answered } = await setUp();
    const npm = runWrapped('npm', ['start', '--', '--config', configFile, '--db', dbFile, '--port', '0']);
    const port = await npm.port;
    await vi.waitFor(() => expect(answered()).toBeGreaterThanOrEqual(1), { timeout: 15_000, interval: 100 });

    process.kill(-npm.child.pid!, 'SIGINT');
    await npm.exited;

    expect(npm.output()).toContain('SIGINT: stopping');
    expect(await portIsFree(port)).toBe(true);
    expect(read(dbFile).lockHolders).toBe(0);
    await expectSecondStart(dir, configFile, dbFile, port);
  }, STARTS_TIMEOUT_MS);

  it('SIGTERM to `npx veille start` stops the daemon behind npm\'s shell', async () => {
    const { dir, configFile, dbFile, answered } = await setUp();
    // `npx veille start` runs `sh -c "veille start …"` under npm, which forwards signals to that
    // shell only. `npx -c` runs the same chain (npm, sh, node) without first installing the package
    // into npx's cache, which depends on how node_modules was laid out rather than on veille.
    const npx = runWrapped('npx', ['-c', `node bin/veille.js start --config ${configFile} --db ${dbFile} --port 0`]);
    const port = await npx.port;
    await vi.waitFor(() => expect(answered()).toBeGreaterThanOrEqual(1), { timeout: 15_000, interval: 100 });

    process.kill(npx.child.pid!, 'SIGTERM');
    await npx.exited;

    // npm's shell does not pass the signal on: the daemon sees npm go and stops on its own.
    await vi.waitFor(async () => expect(read(dbFile).lockHolders).toBe(0), { timeout: 15_000, interval: 100 });
    await vi.waitFor(async () => expect(await portIsFree(port)).toBe(true), { timeout: 15_000, interval: 100 });
    await expectSecondStart(dir, configFile, dbFile, port);
  }, STARTS_TIMEOUT_MS);
});
