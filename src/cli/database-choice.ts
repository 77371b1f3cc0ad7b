import { existsSync } from 'node:fs';
import { loadConfigFile } from '../config/load-config.ts';
import type { Config } from '../config/types.ts';
import { isPostgresUrl, postgresNotAvailable } from '../store/database-url.ts';
import { CliError } from './cli-error.ts';
import { DEFAULT_CONFIG, DEFAULT_DB } from './options.ts';

/**
 * The database a command uses: `--db` when given, else the configuration's `database`, else
 * data/veille.db. A PostgreSQL URL the configuration names is refused, naming `database`, by
 * the commands that keep their data in SQLite today, as `--db` with one is.
 */
export function chosenDatabase(command: string, given: string | undefined, config: Pick<Config, 'database'>, configFile: string, options: { postgres: boolean }): string {
  if (given !== undefined) return given;
  const named = config.database;
  if (named === null) return DEFAULT_DB;
  if (isPostgresUrl(named)) {
    const refusal = options.postgres ? null : postgresNotAvailable(named);
    if (refusal !== null) throw new CliError(`veille ${command}: database (${configFile}): ${refusal}`);
  }
  return named;
}

/**
 * The database of a command whose configuration is optional (it reads one when given, or when
 * monitor.config.yaml is there): `--db`, else that configuration's `database`, else data/veille.db.
 */
export function databaseOfOptionalConfig(command: string, given: string | undefined, configFile: string | undefined, options = { postgres: false }): string {
  if (given !== undefined) return given;
  const file = configFile ?? (existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : undefined);
  if (file === undefined || !existsSync(file)) return DEFAULT_DB;
  return chosenDatabase(command, undefined, loadConfigFile(file), file, options);
}
