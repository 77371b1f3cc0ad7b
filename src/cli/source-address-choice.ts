import { isIP } from 'node:net';
import type { Config } from '../config/types.ts';
import { configuredAddressRefusal, localAddressRefusal } from '../probe/local-address.ts';
import { CliError } from './cli-error.ts';

/**
 * `--source-address ADDR` of a probing command (`veille probe`, `veille start`), checked before
 * anything is opened: an IP address (a name would be resolved to whatever it resolves to then),
 * and one of this host's, as is the address the configuration gives the location
 * (`probe.sourceAddress`), which the flag overrides. An address the host does not have would
 * fail every probe at once: the location would look impaired rather than misconfigured.
 * Returns the flag's address, or undefined for the configuration's (or the system's choice),
 * which the prober reads from each configuration it is given, so that a reload may change it.
 */
export async function sourceAddressOption(command: string, option: string | undefined, config: Pick<Config, 'probe'>, location: string, configFile: string): Promise<string | undefined> {
  const flag = option?.trim();
  if (flag !== undefined && isIP(flag) === 0) {
    throw new CliError(`veille ${command}: --source-address: "${option}" is not an IP address (127.0.0.2, 2001:db8::5); names are not resolved`);
  }
  if (flag !== undefined) {
    const refused = await localAddressRefusal(flag);
    if (refused !== null) throw new CliError(`veille ${command}: --source-address: ${flag} is not an address of this host (${refused})`);
    return flag;
  }
  const refused = await configuredAddressRefusal(config, location);
  if (refused !== null) throw new CliError(`veille ${command}: ${refused.key} (${configFile}): ${refused.address} is not an address of this host (${refused.reason})`);
  return undefined;
}
