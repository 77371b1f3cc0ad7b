import { BackupError, backupDatabase } from '../store/backup.ts';
import { CliError } from './cli-error.ts';
import { DEFAULT_DB, parseOptions } from './options.ts';

/**
 * `veille backup --to FILE [--db FILE] [--force]`: a consistent copy of the database, taken
 * while the daemon runs (SQLite's online backup). Restore: stop the daemon, put the copy in
 * place of the database file, start it.
 */
export async function backupCommand(args: string[]): Promise<number> {
  const options = parseOptions('backup', args, {
    to: { type: 'string' },
    db: { type: 'string', default: DEFAULT_DB },
    force: { type: 'boolean', default: false },
  });
  if (options.to === undefined || options.to.trim() === '') throw new CliError('veille backup: --to FILE is required (where to write the copy)');
  try {
    const outcome = await backupDatabase(options.db, options.to, options.force);
    console.log(`veille backup: ${options.db} copied to ${options.to} (${outcome.pages} pages, ${outcome.bytes} bytes)`);
    return 0;
  } catch (error) {
    if (error instanceof BackupError) throw new CliError(`veille backup: --${error.option}: ${error.message}`);
    throw error;
  }
}
