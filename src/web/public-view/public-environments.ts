import type { Config, EnvironmentConfig } from '../../config/types.ts';

/** The environments of the public page (rules 3 and 9): production and marked public. */
export function publicProductionEnvironments(config: Config): EnvironmentConfig[] {
  return config.environments.filter((environment) => environment.public && environment.type === 'production');
}
