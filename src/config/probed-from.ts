import { IMPLICIT_LOCATION, type CheckConfig, type Config } from './types.ts';

/**
 * Whether the configuration names its locations (docs/locations.md). Without them there is one
 * implicit location, `default`, whose outages are the check's own (a quorum of 1 of 1), written
 * as they always were; with them, each location's conclusions are its own timeline and the
 * quorum job decides the check's outages.
 */
export function namesLocations(config: Pick<Config, 'locations'>): boolean {
  return !(config.locations.length === 1 && config.locations[0] === IMPLICIT_LOCATION);
}

/**
 * The configuration as one location probes it: each environment keeps only the checks whose
 * locations include it, and an environment left with none is dropped. Refuses a location the
 * configuration does not name, saying which it does.
 */
export function probedFrom(config: Config, location: string): Config {
  if (location === IMPLICIT_LOCATION && namesLocations(config)) {
    throw new RangeError(`the configuration names its locations (${config.locations.join(', ')}): say which of them this process probes as`);
  }
  if (!config.locations.includes(location)) {
    const named = namesLocations(config) ? `its locations are ${config.locations.join(', ')}` : `it names no locations: leave the location out (or say ${IMPLICIT_LOCATION})`;
    throw new RangeError(`location "${location}" is not one of the configuration's: ${named}`);
  }
  const probes = (check: CheckConfig) => check.locations.includes(location);
  if (config.environments.every((environment) => environment.checks.every(probes))) return config;
  const environments = config.environments
    .map((environment) => ({ ...environment, checks: environment.checks.filter(probes) }))
    .filter((environment) => environment.checks.length > 0);
  return { ...config, environments };
}
