import { existsSync, rmSync } from 'node:fs';
import { isPostgresUrl } from '../store/database-url.ts';
import { DatabaseOpenError, openDatabase } from '../store/database.ts';
import { openPostgres, postgresRefusal } from '../store/postgres.ts';
import { postgresStore } from '../store/postgres-store.ts';
import type { Store } from '../store/store.ts';
import { CliError } from './cli-error.ts';

/**
 * Runs `run` on the store the command's database names: a SQLite file, or a PostgreSQL
 * database veille already holds (a postgres:// URL; its tables are never created here, as
 * `veille migrate` wants an empty target; one that cannot be used is refused naming `source`,
 * where the URL came from). Reading or changing a registry must not create an
 * empty SQLite database by mistake, and one created for a write that was then refused is
 * removed: a refusal leaves nothing behind, not even an empty file.
 */
export async function withStore(command: string, target: string, create: boolean, run: (store: Store) => Promise<number>, source = '--db'): Promise<number> {
  if (isPostgresUrl(target)) {
    const postgres = await openPostgres(target, { schema: 'existing' }).catch((error: unknown) => {
      throw error instanceof DatabaseOpenError ? new CliError(`veille ${command}: ${source}: ${error.message}`) : error;
    });
    try {
      return await run(postgresStore(postgres.db));
    } catch (error) {
      const said = postgresRefusal(error);
      if (said !== null) throw new CliError(`veille ${command}: ${source}: PostgreSQL refused: ${said}`);
      throw error;
    } finally {
      await postgres.close();
    }
  }
  const existed = target === ':memory:' || existsSync(target);
  if (!create && !existed) throw new CliError(`veille ${command}: --db: no database at ${target}`);
  const database = openDatabase(target);
  let done = false;
  try {
    const code = await run(database.store);
    done = true;
    return code;
  } finally {
    database.close();
    if (!done && !existed) for (const path of [target, `${target}-wal`, `${target}-shm`]) rmSync(path, { force: true });
  }
}

/** Where a command's database came from, as its refusals name it: `--db`, or the configuration's `database`. */
export function databaseSource(given: string | undefined, configFile: string | undefined): string {
  return given === undefined && configFile !== undefined ? `database (${configFile})` : '--db';
}
