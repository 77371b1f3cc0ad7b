import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error.ts';
import { parseConfig } from './parse-config.ts';
import type { Config } from './types.ts';

/** Reads and validates a configuration file; a missing file is a ConfigError like any other. */
export function loadConfigFile(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError(file, [{ path: '', message: reason }]);
  }
  return parseConfig(text, file);
}
