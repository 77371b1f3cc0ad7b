import { ConfigError } from '../config/config-error.ts';
import { namesLocations } from '../config/probed-from.ts';
import { IMPLICIT_LOCATION, type Config } from '../config/types.ts';
import { configuredAddressRefusal } from '../probe/local-address.ts';
import type { RuntimeBase } from './runtime.ts';

/**
 * A reload that would leave a probing process without its location (`veille start --location
 * X` given a file that no longer names X, or a process started without one given a file that
 * now names locations) is refused as an invalid file is: the process keeps probing as X on the
 * configuration it runs, and says why. Swapping it in would stop the prober for good (it cannot
 * probe as a location the file does not name), a place going silent on a reload; taking another
 * location would make this host witness from somewhere it is not. Which location a process
 * probes as is decided when it starts; the file can only agree or be refused.
 */
export function locationLost(base: Pick<RuntimeBase, 'probe' | 'location'>, config: Config, file: string): ConfigError | null {
  if (!base.probe) return null;
  const location = base.location ?? IMPLICIT_LOCATION;
  if (config.locations.includes(location)) return null;
  const names = namesLocations(config) ? `it names ${config.locations.join(', ')}` : 'it names none';
  const message =
    location === IMPLICIT_LOCATION
      ? `names locations now (${config.locations.join(', ')}) and this process probes without one: restart it with --location NAME, or --no-probe`
      : `no longer names ${location}, the location this process probes as (--location ${location}; ${names}): put it back, or restart the process with another --location`;
  return new ConfigError(file, [{ path: 'locations', message }]);
}

/**
 * A reloaded configuration giving this process's location a source address (`probe.sourceAddress`)
 * that this host does not have is refused as it is at start: every probe would fail and the
 * location look impaired. An address given with --source-address stays, and the file's is not read.
 */
export async function sourceAddressRefused(base: Pick<RuntimeBase, 'probe' | 'location' | 'sourceAddress'>, config: Config, file: string): Promise<ConfigError | null> {
  if (!base.probe || base.sourceAddress !== undefined) return null;
  const location = base.location ?? IMPLICIT_LOCATION;
  const refused = await configuredAddressRefusal(config, location);
  if (refused === null) return null;
  return new ConfigError(file, [{ path: refused.key, message: `${refused.address} is not an address of this host (${refused.reason}): every probe of location ${location} would fail` }]);
}
