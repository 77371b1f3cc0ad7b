import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditCommand } from '../../src/cli/audit.ts';
import { checkConfigCommand } from '../../src/cli/check-config.ts';
import { HelpRequested } from '../../src/cli/cli-error.ts';
import { usageOf } from '../../src/cli/help.ts';
import { migrateCommand } from '../../src/cli/migrate.ts';
import { INCIDENT_USAGE, incidentCommand } from '../../src/cli/incident.ts';
import { MAINTENANCE_USAGE, maintenanceCommand } from '../../src/cli/maintenance.ts';
import { notificationsCommand } from '../../src/cli/notifications.ts';
import { reportCommand } from '../../src/cli/report.ts';
import { startCommand } from '../../src/cli/start.ts';
import { tokenCommand } from '../../src/cli/token.ts';
import { veille } from '../support/run-veille.ts';

// --help and -h on every command and subcommand print its usage and run nothing.

const NOW = Date.parse('2026-11-16T17:00:00Z');

describe('--help and -h', () => {
  it('every command and subcommand asks for its usage instead of running, wherever the flag stands', async () => {
    const calls: Array<[string, () => unknown]> = [
      ['start', () => startCommand(['--port', '1', '--help'])],
      ['check-config', () => checkConfigCommand(['-h'])],
      ['token create', () => tokenCommand(['create', '--role', 'admin', '-h'], NOW)],
      ['report', () => reportCommand(['--help'], NOW)],
      ['migrate', () => migrateCommand(['--to', 'postgres://x/y', '--help'], NOW)],
      ['audit', () => auditCommand(['-h'])],
      ['notifications list', () => notificationsCommand(['list', '--help'])],
      ...['add', 'reschedule', 'cancel', 'list'].map((sub): [string, () => unknown] => [`maintenance ${sub}`, () => maintenanceCommand([sub, '--db', '/nonexistent/x.db', '-h'], NOW)]),
      ...['list', 'show', 'open', 'update', 'respond', 'priority', 'resolve'].map((sub): [string, () => unknown] => [`incident ${sub}`, () => incidentCommand([sub, '--help'], NOW)]),
    ];
    for (const [command, call] of calls) {
      let thrown: unknown;
      try {
        await call();
      } catch (error) {
        thrown = error;
      }
      expect(thrown, command).toBeInstanceOf(HelpRequested);
      expect((thrown as HelpRequested).command).toBe(command);
    }
  });

  it('a subcommand’s help is its own usage line; a command without one gets a line made from its options', () => {
    const lines = [...MAINTENANCE_USAGE, ...INCIDENT_USAGE, 'veille start [--port N]'];
    expect(usageOf('incident respond', lines)).toEqual([INCIDENT_USAGE.find((line) => line.startsWith('veille incident respond '))]);
    expect(usageOf('maintenance', lines)).toEqual(MAINTENANCE_USAGE);
    expect(usageOf('start', lines)).toEqual(['veille start [--port N]']);
    expect(usageOf('backup', lines, ['to', 'db'])).toEqual(['veille backup [--to] [--db]']);
  });

  it('through the real entry point: `start --help` prints the usage and exits 0 without starting; --version prints the package’s', async () => {
    const start = await veille(['start', '--help']);
    expect(start.code).toBe(0);
    expect(start.stderr).toBe('');
    expect(start.stdout).toContain('veille start [--config FILE]');
    expect(start.stdout).not.toContain('listening');
    const token = await veille(['token', '-h']);
    expect(token.code).toBe(0);
    expect(token.stdout).toContain('veille token create --role');
    const all = await veille(['-h']);
    expect(all.stdout).toContain('veille incident resolve --id N');
    expect(all.stdout).toContain('--utc prints them in UTC');
    const version = await veille(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(`veille ${(JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version}`);
  }, 180_000);
});
