import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, HelpRequested } from './cli-error.ts';
import { isPostgresUrl, postgresNotAvailable } from '../store/database-url.ts';

export const DEFAULT_CONFIG = 'monitor.config.yaml';
export const DEFAULT_DB = 'data/veille.db';

/** The commands whose --db may name a PostgreSQL database today (veille migrate takes its URL as --to). */
const READS_POSTGRES = new Set([
  'report',
  'start',
  'serve',
  'probe',
  ...['add', 'reschedule', 'cancel', 'list'].map((sub) => `maintenance ${sub}`),
  ...['list', 'show', 'open', 'update', 'respond', 'priority', 'resolve'].map((sub) => `incident ${sub}`),
]);

/**
 * Strict option parsing, `--help`/`-h` anywhere asking for the command's usage instead: an unknown option, a missing value, or an option given twice is an
 * error naming it (`--role sre --role admin` must not quietly create an admin token).
 */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(command: string, args: string[], options: T) {
  // Asking for help never runs the command (`start --help` must not start a daemon).
  if (args.includes('--help') || args.includes('-h')) throw new HelpRequested(command, Object.keys(options));
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: false, tokens: true });
  } catch (error) {
    throw new CliError(`veille ${command}: ${(error as Error).message.split('\n')[0]}`);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || options[token.name]?.multiple) continue;
    if (seen.has(token.name)) throw new CliError(`veille ${command}: --${token.name} is given more than once`);
    seen.add(token.name);
  }
  const db = (parsed.values as { db?: unknown }).db;
  if (typeof db === 'string' && isPostgresUrl(db) && !READS_POSTGRES.has(command)) {
    throw new CliError(`veille ${command}: --db: ${postgresNotAvailable(db)}`);
  }
  return parsed.values;
}
