import { readFileSync, statSync } from 'node:fs';
import { ConfigError } from './config-error.ts';
import { MAX_CONFIG_BYTES, parseConfig } from './parse-config.ts';
import type { Config } from './types.ts';

/**
 * Reads and validates a configuration file; a missing, unreadable or oversized file is a
 * ConfigError like any other (the size is checked before reading anything).
 */
export function loadConfigFile(file: string): Config {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_CONFIG_BYTES) {
      throw new ConfigError(file, [{ path: '', message: `the file is ${size} bytes, larger than ${MAX_CONFIG_BYTES} bytes (the limit of a configuration file)` }]);
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError(file, [{ path: '', message: reason }]);
  }
  return parseConfig(text, file);
}
