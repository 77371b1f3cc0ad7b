import { afterAll, afterEach, beforeEach } from 'vitest';
import { postgresDialect, sqliteDialect, type AnyDialect } from '../../src/store/any-dialect.ts';
import { openDatabase } from '../../src/store/database.ts';
import { migratePostgres, openPostgres } from '../../src/store/postgres.ts';
import { postgresStore } from '../../src/store/postgres-store.ts';
import type { Store } from '../../src/store/store.ts';
import { NO_POSTGRES_SERVER, openPglite, postgresBinaries, startPostgresCluster, type PostgresCluster } from './postgres.ts';

/** One store the contract runs on, opened empty with veille's schema. */
export interface StoreBackend {
  readonly name: string;
  /** Why it cannot run here (its test is skipped, saying so), or null. */
  readonly unavailable: string | null;
  /** The store, and its dialect alone (for reads written once for both, as the report's). */
  open(): Promise<{ dialect: AnyDialect; store: Store; close(): Promise<void> }>;
}

let cluster: Promise<PostgresCluster> | null = null;
let databases = 0;

/**
 * SQLite, PGlite, and a PostgreSQL server from Debian's binaries (one cluster per test file,
 * a new database for each opening), as a store contract runs on each. Call at a file's top level.
 */
export function storeBackends(): StoreBackend[] {
  const binaries = postgresBinaries();
  if (!binaries) console.warn(NO_POSTGRES_SERVER);
  afterAll(async () => {
    const started = cluster;
    cluster = null;
    await (await started)?.stop();
  });
  return [
    {
      name: 'SQLite',
      unavailable: null,
      async open() {
        const database = openDatabase(':memory:');
        return { dialect: sqliteDialect(database.db), store: database.store, close: async () => database.close() };
      },
    },
    {
      name: 'PostgreSQL (PGlite, in process)',
      unavailable: null,
      async open() {
        const pglite = await openPglite();
        return { dialect: postgresDialect(pglite.db), store: postgresStore(pglite.db), close: pglite.close };
      },
    },
    {
      name: "PostgreSQL (a server from Debian's binaries)",
      unavailable: binaries ? null : NO_POSTGRES_SERVER,
      async open() {
        cluster ??= startPostgresCluster();
        const url = await (await cluster).createDatabase(`store_${process.pid}_${++databases}`);
        const opened = await openPostgres(url, { schema: 'untouched' });
        await migratePostgres(opened.db);
        return { dialect: postgresDialect(opened.db), store: postgresStore(opened.db), close: opened.close };
      },
    },
  ];
}

/** Opens the backend empty before each test of the calling describe, hands its store over, and closes it after the test. */
export function freshStoreEachTest(backend: StoreBackend, opened: (store: Store) => void): void {
  let current: { store: Store; close(): Promise<void> } | undefined;
  beforeEach(async () => {
    current = await backend.open();
    opened(current.store);
  });
  afterEach(() => current?.close());
}
