import { existsSync } from 'node:fs';
import { loadConfigFile } from '../config/load-config.ts';
import type { Config } from '../config/types.ts';
import { DEFAULT_CONFIG, DEFAULT_DB } from './options.ts';

/**
 * The database a command uses: `--db` when given, else the configuration's `database`, else
 * data/veille.db. Only the commands that run on PostgreSQL as well read the configuration's
 * `database`, so a URL there needs no refusal of its own.
 */
export function chosenDatabase(given: string | undefined, config: Pick<Config, 'database'>): string {
  if (given !== undefined) return given;
  return config.database ?? DEFAULT_DB;
}

/**
 * The database of a command whose configuration is optional (it reads one when given, or when
 * monitor.config.yaml is there): `--db`, else that configuration's `database`, else data/veille.db.
 */
export function databaseOfOptionalConfig(given: string | undefined, configFile: string | undefined): string {
  if (given !== undefined) return given;
  const file = configFile ?? (existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : undefined);
  if (file === undefined || !existsSync(file)) return DEFAULT_DB;
  return chosenDatabase(undefined, loadConfigFile(file));
}
