import { daemonCommand } from './daemon-command.ts';

/** `veille start [--config FILE] [--db FILE|URL] [--port N] [--host H] [--no-probe]`: everything (probing, HTTP, the once-only work). */
export function startCommand(args: string[]): Promise<number> {
  return daemonCommand('start', args);
}
