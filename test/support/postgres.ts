import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from '../../src/store/postgres-schema/index.ts';
import { POSTGRES_MIGRATIONS, type PostgresDb } from '../../src/store/postgres.ts';

// PostgreSQL for the tests, never a mock: PGlite (PostgreSQL compiled to WebAssembly, in this
// process) for the store contract, and a throwaway cluster of Debian's binaries for what needs a
// real server (other processes, a URL). Both start with veille's schema migrated.

/** A PGlite database with veille's schema, gone when closed. */
export async function openPglite(): Promise<{ db: PostgresDb; close(): Promise<void> }> {
  const client = new PGlite();
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: POSTGRES_MIGRATIONS });
  return { db, close: () => client.close() };
}

/** Debian's PostgreSQL binaries (package `postgresql`), the newest version installed; null when absent. */
export function postgresBinaries(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((version) => existsSync(join(root, version, 'bin', 'initdb')) && existsSync(join(root, version, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0]!, 'bin') : null;
}

/** Why the tests needing a server were skipped, said once in the test output. */
export const NO_POSTGRES_SERVER =
  "Debian's PostgreSQL binaries are not installed (/usr/lib/postgresql/*/bin/initdb): the tests needing a PostgreSQL server are skipped (apt-get install postgresql runs them; .ci/run does)";

export interface PostgresCluster {
  /** The server's process (the postmaster) while it runs, else 0: what a bench reads the server's CPU from. */
  readonly pid: number;
  /** A URL to a new, empty database on the cluster (a Unix socket in the cluster's directory). */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (a fast shutdown: its connections are ended), keeping its data. */
  pause(): Promise<void>;
  /** Starts it again on the same data and socket, once it accepts connections. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * initdb into a temporary directory and a postgres server listening on a Unix socket there only
 * (no TCP port to collide with another test). initdb and postgres refuse to run as root: as root
 * they run as the `postgres` user Debian's package creates, owner of the directory.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = postgresBinaries();
  if (!bin) throw new Error(NO_POSTGRES_SERVER);
  const dir = mkdtempSync(join(tmpdir(), 'veille-pg-'));
  const asUser = clusterUser(dir);
  const data = join(dir, 'data');
  const init = spawnSync(asUser[0]!, [...asUser.slice(1), join(bin, 'initdb'), '-D', data, '-U', 'veille', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'], { encoding: 'utf8' });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.stderr || init.error?.message}`);
  }
  const admin = `postgres://veille@/postgres?host=${encodeURIComponent(dir)}`;
  let server: { process: ChildProcess; log: () => string } | null = null;
  const start = async () => {
    const started = startServer(asUser, bin, data, dir);
    server = started;
    await waitUntilAccepting(admin, started.process, started.log);
  };
  try {
    await start();
  } catch (error) {
    if (server) await stopServer((server as { process: ChildProcess }).process);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    get pid() {
      return (server as { process: ChildProcess } | null)?.process.pid ?? 0;
    },
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      try {
        await client.query(`create database "${name}"`);
      } finally {
        await client.end();
      }
      return `postgres://veille@/${name}?host=${encodeURIComponent(dir)}`;
    },
    async pause() {
      if (server) await stopServer(server.process);
      server = null;
    },
    async resume() {
      if (!server) await start();
    },
    async stop() {
      if (server) await stopServer(server.process);
      server = null;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The server on the cluster's directory, listening on a Unix socket there only. */
function startServer(asUser: string[], bin: string, data: string, dir: string): { process: ChildProcess; log: () => string } {
  // Durability is not under test here: fsync off keeps a busy machine's tests quick (a fast
  // shutdown still writes everything committed before the server stops).
  const server = spawn(
    asUser[0]!,
    [...asUser.slice(1), join(bin, 'postgres'), '-D', data, '-k', dir, '-c', "listen_addresses=", '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  server.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  return { process: server, log: () => log };
}

/** The command prefix running a program as the cluster's owner; as root, the directory is given to `postgres`. */
function clusterUser(dir: string): string[] {
  if (process.getuid?.() !== 0) return ['env'];
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout);
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout);
  if (!Number.isInteger(uid) || uid <= 0) throw new Error('running as root and there is no postgres user to run initdb and postgres as');
  chownSync(dir, uid, gid);
  // setpriv replaces itself with the program: the server is this child, stopped by its pid.
  return ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--init-groups', '--'];
}

async function waitUntilAccepting(url: string, server: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (server.exitCode !== null) throw new Error(`postgres stopped at start: ${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  throw new Error(`postgres did not accept connections within 30 s: ${log()}`);
}

/** Fast shutdown (SIGINT): the server ends its connections and exits. */
async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((done) => server.once('exit', done));
  server.kill('SIGINT');
  await exited;
}
