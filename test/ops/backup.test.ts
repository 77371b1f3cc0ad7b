import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Target } from '../probe/loopback.ts';
import { createToken } from '../../src/auth/token-store.ts';
import { backupDatabase } from '../../src/store/backup.ts';
import { openDatabase } from '../../src/store/database.ts';
import { expectOneLineError, startVeille, veille, type RunningVeille } from '../support/run-veille.ts';
import { probedSetUp } from './support.ts';

// `veille backup` beside a running daemon, and the restore procedure the README gives:
// stop the daemon, put the copy in place of the database file, start it.

let target: Target | null = null;
let daemon: RunningVeille | null = null;
afterEach(async () => {
  await daemon?.stop();
  daemon = null;
  await target?.close();
  target = null;
});

function count(file: string, sql: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** A write beside the daemon, as `veille token create` makes one. */
async function addToken(file: string, name: string): Promise<void> {
  const database = openDatabase(file);
  try {
    await database.store.transaction((tx) => createToken(tx, { role: 'admin', name, now: Date.now() }));
  } finally {
    database.close();
  }
}

/** A database no daemon runs on, in a fresh directory, holding one token. */
async function databaseWithAToken(): Promise<{ dir: string; dbFile: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'veille-backup-'));
  const dbFile = join(dir, 'veille.db');
  await addToken(dbFile, 'admin');
  return { dir, dbFile };
}

async function probingDaemon(): Promise<{ dir: string; configFile: string; dbFile: string }> {
  const setUp = await probedSetUp('veille-backup-');
  target = setUp.target;
  daemon = await startVeille(setUp.dir, ['--config', setUp.configFile, '--db', setUp.dbFile, '--port', '0']);
  return setUp;
}

const RESULTS = 'SELECT coalesce(sum(count), 0) AS n FROM probe_runs';
const TOKENS = 'SELECT count(*) AS n FROM tokens';

describe('veille backup', () => {
  it('copies the live database while the daemon probes; stop, put the copy in place and start restores it', async () => {
    const { dir, configFile, dbFile } = await probingDaemon();
    await addToken(dbFile, 'before the backup');
    await vi.waitFor(() => expect(count(dbFile, RESULTS)).toBeGreaterThanOrEqual(2), { timeout: 15_000, interval: 100 });

    const backupFile = join(dir, 'backup.db');
    const backup = await veille(['backup', '--to', backupFile, '--db', dbFile]);
    expect(backup, backup.stderr).toMatchObject({ code: 0 });
    expect(backup.stdout).toContain(`copied to ${backupFile}`);
    // A single file, checked, holding what was written, and no lock of the running daemon.
    expect(existsSync(`${backupFile}-wal`)).toBe(false);
    const copy = new Database(backupFile, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      expect((copy.prepare('SELECT count(*) AS n FROM daemon_lock').get() as { n: number }).n).toBe(0);
    } finally {
      copy.close();
    }
    const resultsInBackup = count(backupFile, RESULTS);
    expect(resultsInBackup).toBeGreaterThanOrEqual(2);
    expect(count(backupFile, TOKENS)).toBe(1);

    // Written after the backup: the restore takes the database back to before it.
    await addToken(dbFile, 'after the backup');
    expect(count(dbFile, TOKENS)).toBe(2);

    await daemon!.stop();
    daemon = null;
    for (const leftover of [`${dbFile}-wal`, `${dbFile}-shm`]) rmSync(leftover, { force: true });
    copyFileSync(backupFile, dbFile);
    daemon = await startVeille(dir, ['--config', configFile, '--db', dbFile, '--port', '0']);

    expect(count(dbFile, TOKENS)).toBe(1);
    // The restored database is the daemon's again: it probes and writes on top of the copy.
    await vi.waitFor(() => expect(count(dbFile, RESULTS)).toBeGreaterThan(resultsInBackup), { timeout: 15_000, interval: 100 });
    const status = await fetch(`http://127.0.0.1:${daemon.port}/healthz`);
    expect(status.status).toBe(200);
  }, 90_000);

  it('keeps an existing file unless --force, and answers bad input with one line naming the option', async () => {
    const { dir, dbFile } = await databaseWithAToken();
    const existing = join(dir, 'existing.db');
    writeFileSync(existing, 'an older backup');

    expectOneLineError(await veille(['backup', '--to', existing, '--db', dbFile]), 'veille backup: --to: ');
    expect(readFileSync(existing, 'utf8')).toBe('an older backup');
    expect((await veille(['backup', '--to', existing, '--db', dbFile, '--force'])).code).toBe(0);
    expect(count(existing, TOKENS)).toBe(1);

    expectOneLineError(await veille(['backup', '--db', dbFile]), 'veille backup: --to');
    expectOneLineError(await veille(['backup', '--to', join(dir, 'x.db'), '--db', join(dir, 'missing.db')]), 'veille backup: --db: no database at');
    expect(existsSync(join(dir, 'x.db'))).toBe(false);
  }, 60_000);
});

describe('backupDatabase', () => {
  it('copies a database no daemon is running on', async () => {
    const { dir, dbFile } = await databaseWithAToken();
    const outcome = await backupDatabase(dbFile, join(dir, 'copy.db'), false);
    expect(outcome.pages).toBeGreaterThan(0);
    expect(count(join(dir, 'copy.db'), TOKENS)).toBe(1);
  });

  it('refuses, naming the option, and leaves nothing behind', async () => {
    const { dir, dbFile } = await databaseWithAToken();
    const notADatabase = join(dir, 'notes.txt');
    writeFileSync(notADatabase, 'not a database at all, just some text that is long enough to have a header');
    const otherSqlite = join(dir, 'other.db');
    new Database(otherSqlite).exec('CREATE TABLE t (x)').close();
    mkdirSync(join(dir, 'a-directory'));
    const existing = join(dir, 'existing.db');
    writeFileSync(existing, 'an older backup');
    const to = join(dir, 'x.db');

    await expect(backupDatabase(join(dir, 'missing.db'), to, false)).rejects.toMatchObject({ option: 'db', message: expect.stringContaining('no database at') });
    await expect(backupDatabase(notADatabase, to, false)).rejects.toMatchObject({ option: 'db' });
    await expect(backupDatabase(otherSqlite, to, false)).rejects.toMatchObject({ option: 'db', message: expect.stringContaining('not a veille database') });
    await expect(backupDatabase(dbFile, join(dir, 'no-such-dir', 'x.db'), false)).rejects.toMatchObject({ option: 'to', message: expect.stringContaining('does not exist') });
    await expect(backupDatabase(dbFile, join(dir, 'a-directory'), true)).rejects.toMatchObject({ option: 'to', message: expect.stringContaining('is a directory') });
    await expect(backupDatabase(dbFile, dbFile, true)).rejects.toMatchObject({ option: 'to', message: expect.stringContaining('the database itself') });
    await expect(backupDatabase(dbFile, existing, false)).rejects.toMatchObject({ option: 'to', message: expect.stringContaining('already exists') });
    expect(readFileSync(existing, 'utf8')).toBe('an older backup');
    expect(existsSync(to)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });
});
