import { loadConfigFile } from '../config/load-config.ts';
import { startDaemon } from '../daemon/daemon.ts';
import { logReload } from '../daemon/reload-log.ts';
import { stopBoundMs, stopOnSignals } from '../daemon/stop-on-signals.ts';
import { withoutPassword } from '../store/database-url.ts';
import { CliError } from './cli-error.ts';
import { chosenDatabase } from './database-choice.ts';
import { chosenLocation } from './location-choice.ts';
import { DEFAULT_CONFIG, parseOptions } from './options.ts';
import { sourceAddressOption } from './source-address-choice.ts';

/**
 * `veille start` and `veille serve`: the configuration and database (the configuration's
 * `database` when --db is not given), the address to listen on, then the daemon until a
 * signal stops it; `kill -HUP` re-reads the configuration. `serve` answers HTTP only.
 */
export async function daemonCommand(command: 'start' | 'serve', args: string[]): Promise<number> {
  const options = parseOptions(command, args, {
    config: { type: 'string', default: DEFAULT_CONFIG },
    db: { type: 'string' },
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    ...(command === 'start' ? { 'no-probe': { type: 'boolean', default: false } as const, location: { type: 'string' } as const, 'source-address': { type: 'string' } as const } : {}),
  });
  const port = Number(options.port);
  if (!/^\d+$/.test(options.port) || port > 65_535) throw new CliError(`veille ${command}: --port must be a port number 0–65535 (got "${options.port}")`);
  const config = loadConfigFile(options.config);
  const db = chosenDatabase(options.db, config);
  const probe = command === 'start' && !(options as { 'no-probe'?: boolean })['no-probe'];
  const given = (options as { location?: string }).location;
  // The location is checked before anything is opened: a refusal leaves nothing behind.
  const location = probe ? chosenLocation(command, given, config) : undefined;
  if (!probe && given !== undefined) throw new CliError(`veille ${command}: --location: only a process that probes has a location${command === 'start' ? ' (drop --no-probe or --location)' : ''}`);
  const givenAddress = (options as { 'source-address'?: string })['source-address'];
  if (!probe && givenAddress !== undefined) throw new CliError(`veille ${command}: --source-address: only a process that probes has a source address (drop --no-probe or --source-address)`);
  const sourceAddress = location ? await sourceAddressOption(command, givenAddress, config, location, options.config) : undefined;
  const role = command === 'start' ? 'all' : 'http';
  const daemon = await startDaemon({ config, configFile: options.config, dbFile: db, port, host: options.host, probe, role, ...(location ? { location } : {}), ...(sourceAddress ? { sourceAddress } : {}) }).catch((error: unknown) => {
    throw listenError(command, options, error) ?? error;
  });
  const what = role === 'http' ? ', HTTP only' : !probe ? ', not probing' : location !== 'default' ? `, probing as location ${location}` : '';
  console.log(`veille listening on http://${options.host}:${daemon.port} (config ${options.config}, database ${withoutPassword(db)}${what})`);
  // `kill -HUP`: re-read the configuration; an invalid file changes nothing.
  const reloadOnHangUp = () => {
    daemon.reload().then(
      (outcome) => logReload('SIGHUP', outcome),
      (error: unknown) => console.error(`SIGHUP: reload failed: ${(error as Error).message}`),
    );
  };
  process.on('SIGHUP', reloadOnHangUp);
  await stopOnSignals(daemon, { boundMs: () => stopBoundMs(daemon.config()) });
  return 0;
}

/** The address cannot be listened on: one line naming the flag to change. */
function listenError(command: string, options: { port: string; host: string }, error: unknown): CliError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') return new CliError(`veille ${command}: --port: ${options.host}:${options.port} is already in use`);
  if (code === 'EACCES') return new CliError(`veille ${command}: --port: not allowed to listen on ${options.host}:${options.port}`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EADDRNOTAVAIL') {
    return new CliError(`veille ${command}: --host: cannot listen on "${options.host}" (${String(code)})`);
  }
  return null;
}
