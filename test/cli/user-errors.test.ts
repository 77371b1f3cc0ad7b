import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseOptions } from '../../src/cli/options.ts';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';
import { veille, expectOneLineError } from '../support/run-veille.ts';




describe('options given twice', () => {
  it('are refused instead of the last one silently winning', () => {
    expect(() => parseOptions('token create', ['--role', 'viewer', '--role', 'admin'], { role: { type: 'string' } })).toThrow(
      'veille token create: --role is given more than once',
    );
    expect(() => parseOptions('report', ['--json', '--json'], { json: { type: 'boolean' } })).toThrow(/--json is given more than once/);
  });

  it('stay allowed where an option takes several values', () => {
    expect(parseOptions('maintenance add', ['--env', 'a', '--env', 'b'], { env: { type: 'string', multiple: true } })).toEqual({ env: ['a', 'b'] });
  });

  it('create no token', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'veille-twice-')), 'tokens.db');
    const result = await veille(['token', 'create', '--role', 'viewer', '--role', 'admin', '--db', db]);
    expectOneLineError(result, '--role');
    expect(existsSync(db)).toBe(false);
  });
});

describe('unknown commands and subcommands', () => {
  it('are one line naming what is unknown and where to find the usage', async () => {
    const command = await veille(['--verzion']);
    expectOneLineError(command, 'unknown command "--verzion"');
    expect(command.stderr).toContain('veille help');
    expectOneLineError(await veille(['maintenance', 'remove']), '"remove"');
    expectOneLineError(await veille(['maintenance']), 'add, reschedule, cancel or list');
    const help = await veille(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('veille maintenance');
  });
});

describe('files and ports that cannot be used', () => {
  const dir = mkdtempSync(join(tmpdir(), 'veille-user-errors-'));
  const config = join(dir, 'monitor.config.yaml');
  writeFileSync(config, TEST_CONFIG_YAML);
  const busy: Server = createServer();
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it('a --db that is a directory or not a database: one line naming --db, no stack trace', async () => {
    expectOneLineError(await veille(['token', 'create', '--role', 'sre', '--db', dir]), '--db');
    expectOneLineError(await veille(['report', '--month', '2026-11', '--config', config, '--db', config]), '--db');
    expectOneLineError(await veille(['audit', '--db', config]), '--db');
    // A configuration that cannot be read names --config too (problems inside a file keep their line and path).
    expectOneLineError(await veille(['report', '--month', '2026-11', '--config', join(dir, 'absent.yaml'), '--db', config]), `veille report: --config: ${join(dir, 'absent.yaml')}: file not found`);
  });

  it('a --port already in use: one line naming --port, no stack trace', async () => {
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', () => resolve()));
    const port = (busy.address() as { port: number }).port;
    const result = await veille(['start', '--config', config, '--db', join(dir, 'daemon.db'), '--port', String(port), '--no-probe']);
    expectOneLineError(result, '--port');
    expect(result.stderr).toContain(String(port));
  });
});
