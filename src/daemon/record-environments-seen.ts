import type { Config } from '../config/types.ts';
import type { Store } from '../store/store.ts';

/**
 * Remembers when the daemon first saw each environment: the default `slaStart` (rule 7). An
 * environment already recorded keeps its first instant, whichever process saw it first.
 */
export async function recordEnvironmentsSeen(store: Store, config: Config, now: number): Promise<void> {
  if (config.environments.length === 0) return;
  const { t } = store;
  await store.transaction(async (tx) => {
    await tx.db
      .insert(t.environmentsSeen)
      .values(config.environments.map((environment) => ({ envId: environment.id, firstSeenAt: now })))
      .onConflictDoNothing();
  });
}
