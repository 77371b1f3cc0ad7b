import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectOneLineError, veille, type CliResult } from '../support/run-veille.ts';

// A database file the user may read but not write. The superuser writes through file modes,
// so as root the command runs as the unprivileged user "nobody" (uid 65534).

const run = promisify(execFile);
const asRoot = process.getuid?.() === 0;

async function veilleAsReader(args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(process.cwd(), 'bin/veille.js'), ...args], {
      timeout: 30_000,
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as CliResult;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'veille-read-only-'));
  chmodSync(dir, 0o777);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a read-only database', () => {
  it('refuses writes with the one-line error, and still serves reads', { timeout: 90_000 }, async () => {
    const db = join(dir, 'veille.db');
    expect((await veille(['token', 'create', '--role', 'admin', '--db', db])).code).toBe(0);
    for (const name of readdirSync(dir)) chmodSync(join(dir, name), 0o444);

    expectOneLineError(await veilleAsReader(['token', 'create', '--role', 'sre', '--db', db]), 'read-only');
    expectOneLineError(await veilleAsReader(['start', '--config', 'monitor.config.yaml', '--db', db, '--port', '0', '--no-probe']), 'read-only');
    const audit = await veilleAsReader(['audit', '--db', db]);
    expect(audit.code).toBe(0);
    expect(audit.stdout).toContain('token.create');
  });
});
