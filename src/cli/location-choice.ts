import { namesLocations } from '../config/probed-from.ts';
import { IMPLICIT_LOCATION, type Config } from '../config/types.ts';
import { CliError } from './cli-error.ts';

/**
 * The location a probing command (`veille probe`, `veille start`) probes as, from --location:
 * one of the configuration's locations. Without locations in the configuration the one implicit
 * location is `default` and --location may be left out; with them it is required, since one
 * process cannot witness from several places at once (docs/locations.md).
 */
export function chosenLocation(command: string, option: string | undefined, config: Pick<Config, 'locations'>): string {
  const named = config.locations.join(', ');
  const implicit = !namesLocations(config);
  const location = option ?? (implicit ? IMPLICIT_LOCATION : undefined);
  if (location === undefined) {
    const instead = command === 'start' ? ', or --no-probe to leave probing to veille probe --location NAME' : '';
    throw new CliError(`veille ${command}: --location is required: one of the configuration's locations (${named})${instead}`);
  }
  if (!config.locations.includes(location)) {
    throw new CliError(`veille ${command}: --location: "${location}" is not one of the configuration's locations (${named}${implicit ? ': it names none, so the one location is default' : ''})`);
  }
  return location;
}
