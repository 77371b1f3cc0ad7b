import { execFile } from 'node:child_process';
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
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as CliResult;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** What CONTRACT.md promises for bad input: one line that names the flag, exit code ≠ 0. */
export function expectOneLineError(result: Pick<CliResult, 'code' | 'stderr'>, text: string): void {
  expect(result.code).not.toBe(0);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toContain(text);
}
