import { existsSync, rmSync } from 'node:fs';
import { openDatabase } from '../store/database.ts';
import type { Store } from '../store/store.ts';
import { CliError } from './cli-error.ts';

/**
 * Runs `run` on the store of the command's database file. Reading or changing a registry must
 * not create an empty database by mistake, and one created for a write that was then refused
 * is removed: a refusal leaves nothing behind, not even an empty file.
 */
export async function withStore(command: string, target: string, create: boolean, run: (store: Store) => Promise<number>): Promise<number> {
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
