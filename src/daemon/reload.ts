import { ConfigError } from '../config/config-error.ts';
import { loadConfigFileOffThread } from '../config/load-config-off-thread.ts';
import { configChanges, type ConfigChanges } from './config-changes.ts';
import { locationLost, sourceAddressRefused } from './reload-location.ts';
import { createRuntime, type Runtime, type RuntimeBase } from './runtime.ts';

export type ReloadOutcome =
  | { readonly ok: true; readonly file: string; readonly changes: ConfigChanges }
  /** The file is invalid (or unreadable, or no longer names the location this process probes as, or gives it a source address this host does not have): nothing changed, the daemon runs on its previous configuration. */
  | { readonly ok: false; readonly file: string; readonly error: ConfigError };

/**
 * Re-reads the configuration file and, when it is valid, swaps a new runtime in for `current`:
 * the old prober stops as on SIGTERM (writing every result taken), `activate` makes the new
 * app the one served, then the new prober starts and rebuilds every detector from the database,
 * so an outage still open keeps its start (the outages of removed checks are closed by the holder
 * of their lease, src/daemon/once-only-work.ts).
 */
export async function reload(base: RuntimeBase, current: Runtime, file: string, activate: (next: Runtime) => void): Promise<ReloadOutcome> {
  let config;
  try {
    // Off the event loop: the prober keeps its schedule however long the file takes to check.
    config = await loadConfigFileOffThread(file);
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, file, error };
    throw error;
  }
  const refused = locationLost(base, config, file) ?? (await sourceAddressRefused(base, config, file));
  if (refused) return { ok: false, file, error: refused };
  const next = createRuntime(base, config);
  await current.stop();
  activate(next);
  await next.startProbing();
  return { ok: true, file, changes: configChanges(current.config, config) };
}
