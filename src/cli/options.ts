import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error.ts';

export const DEFAULT_CONFIG = 'monitor.config.yaml';
export const DEFAULT_DB = 'data/veille.db';

/** Strict option parsing: an unknown option or a missing value is an error naming it. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new CliError(`veille ${command}: ${(error as Error).message.split('\n')[0]}`);
  }
}
