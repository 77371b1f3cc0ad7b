import { ConfigError, configErrorLines } from '../config/config-error.ts';
import { loadConfigFile } from '../config/load-config.ts';
import { DEFAULT_CONFIG, parseOptions } from './options.ts';

/** `veille check-config [--config FILE]`: exit 0, or 1 with every error listed. */
export function checkConfigCommand(args: string[]): number {
  const options = parseOptions('check-config', args, { config: { type: 'string', default: DEFAULT_CONFIG } });
  try {
    const config = loadConfigFile(options.config);
    const checks = config.environments.reduce((sum, environment) => sum + environment.checks.length, 0);
    console.log(`${options.config}: valid (${config.environments.length} environments, ${checks} checks)`);
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const line of configErrorLines(error)) console.error(line);
    return 1;
  }
}
