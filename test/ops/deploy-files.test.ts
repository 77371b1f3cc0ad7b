import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The systemd unit and the container recipe that config/deploy ships: what systemd itself says of
// the unit, the hardening it promises, and that each runs the daemon as `npm start` does.

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..');
const unitFile = join(root, 'config', 'deploy', 'veille.service');
const containerFile = join(root, 'config', 'deploy', 'Containerfile');
const SYSTEMD_ANALYZE = '/usr/bin/systemd-analyze';

/** `Key=value` lines of the unit (repeated keys keep every value). */
function directives(text: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match) found.set(match[1]!, [...(found.get(match[1]!) ?? []), match[2]!]);
  }
  return found;
}

/** The node options `npm start` gives the daemon. */
function startFlags(): string[] {
  const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
  return /exec node ((?:--\S+ )*)bin\/veille\.js start$/.exec(script)![1]!.trim().split(' ');
}

describe('the systemd unit', () => {
  it.skipIf(!existsSync(SYSTEMD_ANALYZE))('passes systemd-analyze verify without a warning', async () => {
    const { stdout, stderr } = await run(SYSTEMD_ANALYZE, ['verify', unitFile], { timeout: 30_000 });
    expect(stdout + stderr).toBe('');
  });

  it('runs as its own user, hardened, writing only to the database directory, restarted on failure', () => {
    const unit = directives(readFileSync(unitFile, 'utf8'));
    expect(unit.get('User')).toEqual(['veille']);
    expect(unit.get('NoNewPrivileges')).toEqual(['yes']);
    expect(unit.get('ProtectSystem')).toEqual(['strict']);
    expect(unit.get('CapabilityBoundingSet')).toEqual(['']);
    expect(unit.get('Restart')).toEqual(['on-failure']);
    expect(unit.get('ExecReload')).toEqual(['/bin/kill -HUP $MAINPID']);
    const execStart = unit.get('ExecStart')![0]!;
    const dbDir = /--db (\S+)\/[^/\s]+/.exec(execStart)![1]!;
    expect(unit.get('ReadWritePaths')).toEqual([dbDir]);
    expect(execStart).toContain(`node ${startFlags().join(' ')} `);
  });
});

describe('the container recipe', () => {
  it('copies files that exist and runs the daemon with the flags of npm start, as PID 1 without a shell', () => {
    const text = readFileSync(containerFile, 'utf8');
    const copied = [...text.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((match) => match[1]!.split(' '));
    expect(copied.length).toBeGreaterThan(0);
    for (const path of copied) expect(existsSync(join(root, path)), path).toBe(true);
    const entrypoint = JSON.parse(/^ENTRYPOINT (.+)$/m.exec(text)![1]!) as string[];
    expect(entrypoint).toEqual(['node', ...startFlags(), '/opt/veille/bin/veille.js']);
    expect(text).toMatch(/^USER node$/m);
  });
});
