import Database from 'better-sqlite3';
import { ConfigError } from '../config/config-error.ts';
import { DaemonLockError } from '../store/daemon-lock.ts';
import { DatabaseOpenError } from '../store/database.ts';
import { checkConfigCommand } from './check-config.ts';
import { CliError, HelpRequested } from './cli-error.ts';
import { HELP_FOOTER, packageVersion, usageOf } from './help.ts';
import { INCIDENT_USAGE, incidentCommand } from './incident.ts';
import { reportCommand } from './report.ts';
import { startCommand } from './start.ts';
import { tokenCommand } from './token.ts';
import { MAINTENANCE_USAGE, maintenanceCommand } from './maintenance.ts';
import { auditCommand } from './audit.ts';
import { notificationsCommand } from './notifications.ts';
import { backupCommand } from './backup.ts';
import { migrateCommand } from './migrate.ts';

type Command = (args: string[], now: number) => number | Promise<number>;

// The command table: one line per command, each implemented in its own file.
const COMMANDS: Record<string, { run: Command; usage: string | readonly string[] }> = {
  start: { run: (args) => startCommand(args), usage: 'start [--config FILE] [--db FILE] [--port N] [--host H] [--no-probe]' },
  'check-config': { run: (args) => checkConfigCommand(args), usage: 'check-config [--config FILE]' },
  token: { run: tokenCommand, usage: 'token create --role viewer|sre|admin [--name TEXT] [--db FILE]' },
  report: { run: reportCommand, usage: 'report --month YYYY-MM [--json] [--config FILE] [--db FILE|postgres://…]' },
  maintenance: { run: maintenanceCommand, usage: MAINTENANCE_USAGE },
  incident: { run: incidentCommand, usage: INCIDENT_USAGE },
  audit: { run: (args) => auditCommand(args), usage: 'audit [--from TIME] [--to TIME] [--limit N] [--json] [--utc] [--config FILE] [--db FILE]' },
  notifications: { run: (args) => notificationsCommand(args), usage: 'notifications list [--status pending|sent|failed] [--limit N] [--json] [--utc] [--config FILE] [--db FILE]' },
  backup: { run: (args) => backupCommand(args), usage: 'backup --to FILE [--db FILE] [--force]' },
  migrate: { run: migrateCommand, usage: 'migrate --from FILE --to postgres://… [--config FILE]' },
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
