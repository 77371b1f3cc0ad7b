import { existsSync, linkSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';

/** Why a backup could not be made, naming the option at fault (`db` or `to`). */
export class BackupError extends Error {
  override name = 'BackupError';
  constructor(
    readonly option: 'db' | 'to',
    message: string,
  ) {
    super(message);
  }
}

export interface BackupOutcome {
  readonly bytes: number;
  readonly pages: number;
}

// Every page in one step of SQLite's online backup: the copy is read in a single read
// transaction, so it is the database as of one instant. In WAL mode that transaction does not
// block the daemon's writes; smaller steps would restart whenever the daemon wrote in between.
const ALL_PAGES = 0x7fffffff;

/**
 * Copies the database `source` to `destination` while a daemon may be writing to it.
 *
 * The copy is made under a temporary name beside the destination and moved into place only once
 * it is complete and checked, so a failed or interrupted backup leaves no half-written file; an
 * existing destination is kept unless `overwrite`. The copy carries no daemon lock (its holder is
 * the daemon running on the source, not whoever restores it) and is a single file (no -wal).
 */
export async function backupDatabase(source: string, destination: string, overwrite: boolean): Promise<BackupOutcome> {
  const from = resolve(source);
  const to = resolve(destination);
  if (!existsSync(from)) throw new BackupError('db', `no database at ${source}`);
  if (from === to) throw new BackupError('to', 'must not be the database itself');
  if (!existsSync(dirname(to))) throw new BackupError('to', `the directory ${dirname(destination)} does not exist`);
  if (existsSync(to) && statSync(to).isDirectory()) throw new BackupError('to', `${destination} is a directory`);
  if (existsSync(to) && !overwrite) throw new BackupError('to', `${destination} already exists (--force replaces it)`);

  const sqlite = openSource(from, source);
  const partial = join(dirname(to), `.${basename(to)}.${process.pid}.partial`);
  try {
    const progress = await sqlite.backup(partial, { progress: () => ALL_PAGES });
    settleCopy(partial);
    if (overwrite) renameSync(partial, to);
    else {
      // link() refuses an existing name: a file created meanwhile is not replaced.
      linkSync(partial, to);
      rmSync(partial);
    }
    return { bytes: statSync(to).size, pages: progress.totalPages };
  } catch (error) {
    rmSync(partial, { force: true });
    if (error instanceof BackupError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new BackupError('to', `${destination} already exists (--force replaces it)`);
    throw new BackupError('to', `cannot write ${destination}: ${(error as Error).message}`);
  } finally {
    sqlite.close();
  }
}

/** The live database, read-only to this process; refused unless it is a veille database. */
function openSource(file: string, shown: string): Database.Database {
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
    sqlite.pragma('busy_timeout = 5000');
    const isVeille = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'daemon_lock'").get() !== undefined;
    if (!isVeille) throw new BackupError('db', `${shown} is not a veille database`);
    return sqlite;
  } catch (error) {
    sqlite?.close();
    if (error instanceof BackupError) throw error;
    throw new BackupError('db', `cannot read ${shown} as a database: ${(error as Error).message}`);
  }
}

/** Makes the copy stand alone: no lock of the source's daemon, rollback journal, checked. */
function settleCopy(file: string): void {
  const copy = new Database(file);
  try {
    copy.prepare('DELETE FROM daemon_lock').run();
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy fails SQLite's check: ${String(check)}`);
  } finally {
    copy.close();
  }
}
