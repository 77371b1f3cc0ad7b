// The real daemon as a child process, driven only through the public contract: the command
// line (`veille start`, `veille token create`) and the HTTP API.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ENTRY = join(process.cwd(), 'bin/veille.js');

export interface ApiAnswer {
  status: number;
  body: any;
  /** Date.now() just before the request was sent and just after the answer was read. */
  sentAt: number;
  receivedAt: number;
}

export interface Veille {
  baseUrl: string;
  configFile: string;
  dbFile: string;
  /** Bounds on the daemon's first sight of the environments (the default slaStart). */
  startedAfter: number;
  startedBefore: number;
  tokens: { admin: string; sre: string; viewer: string };
  call(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<ApiAnswer>;
  stop(): Promise<void>;
  /** What the daemon wrote on stderr so far (for failure messages). */
  stderr(): string;
}

/**
 * How long a command run beside the daemon may take: a command that compiles its sources on a
 * loaded machine has taken over 30 s, and a command killed then fails the whole file's set-up.
 */
const CLI_TIMEOUT_MS = 90_000;

/** Runs another veille command beside the daemon, as a user would. */
export async function veilleCommand(args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [ENTRY, ...args], { timeout: CLI_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** `veille token create --role R --db FILE`: the secret is the last line of output. */
async function createToken(role: string, dbFile: string): Promise<string> {
  const { stdout } = await run(process.execPath, [ENTRY, 'token', 'create', '--role', role, '--name', `acceptance ${role}`, '--db', dbFile], { timeout: CLI_TIMEOUT_MS });
  const last = stdout.trim().split('\n').at(-1)!;
  if (!/^\S{20,}$/.test(last)) throw new Error(`token create printed no token on its last line:\n${stdout}`);
  return last;
}

/** Writes the configuration, starts `veille start --no-probe --port 0`, waits for its address, makes tokens. */
export async function startVeille(configYaml: string): Promise<Veille> {
  const dir = mkdtempSync(join(tmpdir(), 'veille-acceptance-'));
  const configFile = join(dir, 'monitor.config.yaml');
  const dbFile = join(dir, 'veille.db');
  writeFileSync(configFile, configYaml);

  const startedAfter = Date.now();
  const child: ChildProcess = spawn(process.execPath, [ENTRY, 'start', '--no-probe', '--port', '0', '--config', configFile, '--db', dbFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`veille start printed no address within 20 s\nstdout: ${stdout}\nstderr: ${stderr}`)), 20_000);
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const match = /veille listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`veille start exited with ${code}\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
  const startedBefore = Date.now();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  // The daemon has created the database and applied its migrations: tokens may now be made beside it.
  const [admin, sre, viewer] = await Promise.all(['admin', 'sre', 'viewer'].map((role) => createToken(role, dbFile)));
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    configFile,
    dbFile,
    startedAfter,
    startedBefore,
    tokens: { admin: admin!, sre: sre!, viewer: viewer! },
    async call(method, path, { token, body } = {}) {
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const sentAt = Date.now();
      const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      const text = await response.text();
      const receivedAt = Date.now();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON: keep the text, the assertion will show it.
      }
      return { status: response.status, body: parsed, sentAt, receivedAt };
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
    stderr: () => stderr,
  };
}
