import { configErrorLines } from '../config/config-error.ts';
import { describeChanges } from './config-changes.ts';
import type { ReloadOutcome } from './reload.ts';

export interface ReloadLogger {
  log(line: string): void;
  error(line: string): void;
}

/**
 * What the daemon's log says of a reload, whoever asked for it (`trigger`): one line of what
 * changed, or every error as `check-config` lists them and that nothing changed.
 */
export function logReload(trigger: string, outcome: ReloadOutcome, logger: ReloadLogger = console): void {
  if (outcome.ok) {
    logger.log(`${trigger}: configuration reloaded from ${outcome.file}: ${describeChanges(outcome.changes)}`);
    return;
  }
  for (const line of configErrorLines(outcome.error)) logger.error(line);
  logger.error(`${trigger}: configuration not reloaded, still running on the previous one`);
}
