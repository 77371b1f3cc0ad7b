import Database from 'better-sqlite3';
import { ConfigError } from '../config/config-error.ts';
import { DaemonLockError } from '../store/daemon-lock.ts';
import { DatabaseOpenError } from '../store/database.ts';
import { CliError, HelpRequested } from './cli-error.ts';
import { HELP_FOOTER, packageVersion, usageOf } from './help.ts';
import { INCIDENT_USAGE, incidentCommand } from './incident.ts';
import { serveCommand } from './serve.ts';
import { startCommand } from './start.ts';
import { MAINTENANCE_USAGE, maintenanceCommand } from './maintenance.ts';

type Command = (args: string[], now: number) => number | Promise<number>;

// The command table: one line per command, each implemented in its own file. The commands the
// daemon does not run are loaded when asked for: `report` and `migrate` bring the PostgreSQL
// client, which `veille start` would otherwise hold in memory for nothing.
const COMMANDS: Record<string, { run: Command; usage: string | readonly string[] }> = {
  start: { run: (args) => startCommand(args), usage: 'start [--config FILE] [--db FILE|postgres://…] [--port N] [--host H] [--no-probe] [--location NAME] [--source-address ADDR]' },
  serve: { run: (args) => serveCommand(args), usage: 'serve [--config FILE] [--db FILE|postgres://…] [--port N] [--host H]' },
  probe: { run: async (args) => (await import('./probe.ts')).probeCommand(args), usage: 'probe --location NAME [--config FILE] [--db FILE|postgres://…] [--source-address ADDR]' },
  'check-config': { run: async (args) => (await import('./check-config.ts')).checkConfigCommand(args), usage: 'check-config [--config FILE]' },
  token: { run: async (args, now) => (await import('./token.ts')).tokenCommand(args, now), usage: 'token create --role viewer|sre|admin [--name TEXT] [--db FILE]' },
  report: { run: async (args, now) => (await import('./report.ts')).reportCommand(args, now), usage: 'report --month YYYY-MM [--json] [--config FILE] [--db FILE|postgres://…]' },
  maintenance: { run: maintenanceCommand, usage: MAINTENANCE_USAGE },
  incident: { run: incidentCommand, usage: INCIDENT_USAGE },
  audit: { run: async (args) => (await import('./audit.ts')).auditCommand(args), usage: 'audit [--from TIME] [--to TIME] [--limit N] [--json] [--utc] [--config FILE] [--db FILE]' },
  notifications: { run: async (args) => (await import('./notifications.ts')).notificationsCommand(args), usage: 'notifications list [--status pending|sent|failed] [--limit N] [--json] [--utc] [--config FILE] [--db FILE]' },
  backup: { run: async (args) => (await import('./backup.ts')).backupCommand(args), usage: 'backup --to FILE [--db FILE] [--force]' },
  migrate: { run: async (args, now) => (await import('./migrate.ts')).migrateCommand(args, now), usage: 'migrate --from FILE --to postgres://… [--config FILE]' },
};

/** Every usage line, subcommands included. */
const usageLines = () => Object.values(COMMANDS).flatMap((c) => (typeof c.usage === 'string' ? [`veille ${c.usage}`] : c.usage));

function usage(lines = usageLines()): string {
  return ['usage:', ...lines.map((line) => `  ${line}`), '', ...HELP_FOOTER].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 1;
  }
  if (name === '--version') {
    console.log(`veille ${packageVersion()}`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) throw new CliError(`veille: unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')} (veille help for their options)`);
  try {
    if (args[0] === '--help' || args[0] === '-h') throw new HelpRequested(name, []);
    return await command.run(args, Date.now());
  } catch (error) {
    if (error instanceof HelpRequested) {
      console.log(usage(usageOf(error.command, usageLines(), error.optionNames)));
      return 0;
    }
    // Every command takes its database from --db: say so, in one line.
    if (error instanceof DatabaseOpenError) throw new CliError(`veille ${name}: --db: ${error.message}`);
    // A database that opens but refuses a write (a read-only file or directory, a full disk):
    // the command stops on its first write; say what SQLite said, in one line.
    if (error instanceof Database.SqliteError) {
      const hint = error.code.startsWith('SQLITE_READONLY') ? ' (the file or its directory is read-only for this user)' : '';
      throw new CliError(`veille ${name}: --db: the database refused a write: ${error.message}${hint}`);
    }
    // A configuration file that cannot be read at all is the flag's fault; problems inside it keep their file, line and path.
    if (error instanceof ConfigError && error.issues.length === 1 && error.issues[0]!.path === '') throw new CliError(`veille ${name}: --config: ${error.message}`);
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError || error instanceof DaemonLockError) {
      console.error(error.message);
    } else if (error instanceof ConfigError) {
      console.error(error.message);
    } else {
      console.error(error);
    }
    process.exitCode = 1;
  },
);
