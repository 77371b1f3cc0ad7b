import { insertOutage, type NewOutage } from '../../src/outages/outage-store.ts';
import type { Store } from '../../src/store/store.ts';

/** An outage row written through the store in its own transaction, as a test's starting point; its id. */
export function seedOutage(database: { readonly store: Store }, outage: NewOutage): Promise<number> {
  return database.store.transaction((tx) => insertOutage(tx, outage));
}
