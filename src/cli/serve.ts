import { daemonCommand } from './daemon-command.ts';

/**
 * `veille serve [--config FILE] [--db FILE|URL] [--port N] [--host H]`: pages, API and feeds
 * only, never probing; any number of them on one database. Like every daemon process it does
 * the once-only work (notifications, alerts, retention, closing the outages of removed checks)
 * whose lease it holds: a deployment of probers and serve processes sends its notifications.
 */
export function serveCommand(args: string[]): Promise<number> {
  return daemonCommand('serve', args);
}
