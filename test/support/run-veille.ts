import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `veille` entry point in a child process, as `npx veille …` would. */
export async function veille(args: string[], options: { cwd?: string } = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(process.cwd(), 'bin/veille.js'), ...args], {
      cwd: options.cwd ?? process.cwd(),
      // A command compiles the TypeScript sources at start: on the 2-core machine beside other test
      // files that has taken over 20 s, so a 30 s limit killed commands that were not wrong.
      timeout: 90_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as CliResult;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** What docs/cli.md promises for bad input: one line that names the flag, exit code ≠ 0. */
export function expectOneLineError(result: Pick<CliResult, 'code' | 'stderr'>, text: string): void {
  expect(result.code).not.toBe(0);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toContain(text);
}

export interface RunningVeille {
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves once the output written after this call matches `pattern` (rejects if the process exits first). */
  waitForOutput(pattern: RegExp): Promise<string>;
  stop(): Promise<void>;
}

/** A `veille` command running in a child process, started from `cwd`. */
export type VeilleProcess = Omit<RunningVeille, 'port'>;

/** Starts `veille start …` (or `veille serve …`) as a user would, from `cwd`; resolves once it listens, with its port. */
export function startVeille(cwd: string, args: string[], command: 'start' | 'serve' = 'start'): Promise<RunningVeille> {
  return spawnVeille(cwd, command, args, /listening on http:\/\/127\.0\.0\.1:(\d+)/).then(({ line, process }) => ({ ...process, port: Number(/:(\d+)$/.exec(line)![1]) }));
}

/** Starts `veille probe …` as a user would, from `cwd`; resolves once it says it is probing. */
export async function startVeilleProbe(cwd: string, args: string[]): Promise<VeilleProcess> {
  return (await spawnVeille(cwd, 'probe', args, /veille probing as location \S+/)).process;
}

/** Starts `veille COMMAND …`; resolves once its output matches `ready` (rejects if it exits first). */
function spawnVeille(cwd: string, command: string, args: string[], ready: RegExp): Promise<{ line: string; process: VeilleProcess }> {
  const child = spawn(process.execPath, [join(process.cwd(), 'bin/veille.js'), command, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const waiters = new Set<() => void>();
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    for (const check of waiters) check();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const waitForOutput = (pattern: RegExp, from = output.length) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(output.slice(from));
        if (!match) return;
        waiters.delete(check);
        resolve(match[0]);
      };
      waiters.add(check);
      check();
      void exited.then(() => {
        if (waiters.delete(check)) reject(new Error(`veille ${command} exited before writing ${pattern}:\n${output}`));
      });
    });
  return waitForOutput(ready, 0).then((line) => ({
    line,
    process: {
      child,
      output: () => output,
      waitForOutput: (pattern: RegExp) => waitForOutput(pattern),
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      },
    },
  }));
}
