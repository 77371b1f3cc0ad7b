import type { Config } from '../config/types.ts';
import type { Db } from '../store/database.ts';
import { environmentsSeen } from '../store/schema/index.ts';

/**
 * The environments a database has recorded when the configuration names none of them: a report
 * of that database through that file would show the file's environments, never monitored, as
 * whole months met. Empty when they match, or when the database has not seen any yet.
 */
export function environmentsOnlyInDatabase(db: Db, config: Config): string[] {
  const recorded = db.select({ id: environmentsSeen.envId }).from(environmentsSeen).all().map((row) => row.id);
  const configured = new Set(config.environments.map((environment) => environment.id));
  return recorded.some((id) => configured.has(id)) ? [] : recorded.sort();
}
