import { loadConfigFile } from '../config/load-config.ts';
import { startDaemon } from '../daemon/daemon.ts';
import { logReload } from '../daemon/reload-log.ts';
import { stopBoundMs, stopOnSignals } from '../daemon/stop-on-signals.ts';
import { CliError } from './cli-error.ts';
import { chosenDatabase } from './database-choice.ts';
import { DEFAULT_CONFIG, parseOptions } from './options.ts';

/** `veille start [--config FILE] [--db FILE] [--port N] [--host H] [--no-probe]`; the configuration's `database` when --db is not given. */
export async function startCommand(args: string[]): Promise<number> {
  const options = parseOptions('start', args, {
    config: { type: 'string', default: DEFAULT_CONFIG },
    db: { type: 'string' },
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    'no-probe': { type: 'boolean', default: false },
  });
  const port = Number(options.port);
  if (!/^\d+$/.test(options.port) || port > 65_535) throw new CliError(`veille start: --port must be a port number 0–65535 (got "${options.port}")`);
  const config = loadConfigFile(options.config);
  const db = chosenDatabase('start', options.db, config, options.config, { postgres: false });
  const daemon = await startDaemon({ config, configFile: options.config, dbFile: db, port, host: options.host, probe: !options['no-probe'] }).catch((error: unknown) => {
    throw listenError(options, error) ?? error;
  });
  console.log(
    `veille listening on http://${options.host}:${daemon.port} (config ${options.config}, database ${db}${options['no-probe'] ? ', not probing' : ''})`,
  );
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
function listenError(options: { port: string; host: string }, error: unknown): CliError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') return new CliError(`veille start: --port: ${options.host}:${options.port} is already in use`);
  if (code === 'EACCES') return new CliError(`veille start: --port: not allowed to listen on ${options.host}:${options.port}`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EADDRNOTAVAIL') {
    return new CliError(`veille start: --host: cannot listen on "${options.host}" (${String(code)})`);
  }
  return null;
}
