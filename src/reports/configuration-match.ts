import type { Config } from '../config/types.ts';
import type { ReportReads } from '../store/report-reads.ts';

/**
 * The environments a database has recorded when the configuration names none of them: a report
 * of that database through that file would show the file's environments, never monitored, as
 * whole months met. Empty when they match, or when the database has not seen any yet.
 */
export async function environmentsOnlyInDatabase(reads: ReportReads, config: Config): Promise<string[]> {
  const recorded = (await reads.environmentsSeen()).map((row) => row.envId);
  const configured = new Set(config.environments.map((environment) => environment.id));
  return recorded.some((id) => configured.has(id)) ? [] : recorded.sort();
}
