import { loadConfigFile } from '../config/load-config.ts';
import { stopBoundMs, stopOnSignals } from '../daemon/stop-on-signals.ts';
import { startProbeProcess } from '../share/probe-process.ts';
import { withoutPassword } from '../store/database-url.ts';
import { chosenDatabase } from './database-choice.ts';
import { chosenLocation } from './location-choice.ts';
import { DEFAULT_CONFIG, parseOptions } from './options.ts';
import { sourceAddressOption } from './source-address-choice.ts';

/**
 * `veille probe --location NAME [--config FILE] [--db FILE|URL] [--source-address ADDR]`: probing
 * only, as one of the probers of location NAME, its probes leaving from ADDR (else the
 * configuration's `probe.sourceAddress`), until a signal stops it. Without locations in the
 * configuration, the one implicit location is `default`, and --location may be left out.
 */
export async function probeCommand(args: string[]): Promise<number> {
  const options = parseOptions('probe', args, {
    location: { type: 'string' },
    config: { type: 'string', default: DEFAULT_CONFIG },
    db: { type: 'string' },
    'source-address': { type: 'string' },
  });
  const config = loadConfigFile(options.config);
  const location = chosenLocation('probe', options.location, config);
  const db = chosenDatabase(options.db, config);
  const sourceAddress = await sourceAddressOption('probe', options['source-address'], config, location, options.config);
  const running = await startProbeProcess({ config, db, location, ...(sourceAddress ? { sourceAddress } : {}) });
  console.log(
    `veille probing as location ${location} (config ${options.config}, database ${withoutPassword(db)}): ${running.checks} checks shared with the location's other probers, ${running.shards.held().length} shards of them held now`,
  );
  await stopOnSignals(running, { boundMs: () => stopBoundMs(config) });
  return 0;
}
