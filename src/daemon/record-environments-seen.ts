import type { Config } from '../config/types.ts';
import type { Db } from '../store/database.ts';
import { environmentsSeen } from '../store/schema/index.ts';

/** Remembers when the daemon first saw each environment: the default `slaStart` (rule 7). */
export function recordEnvironmentsSeen(db: Db, config: Config, now: number): void {
  db.transaction((tx) => {
    for (const environment of config.environments) {
      tx.insert(environmentsSeen).values({ envId: environment.id, firstSeenAt: now }).onConflictDoNothing().run();
    }
  });
}
