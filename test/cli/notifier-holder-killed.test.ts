import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { notifyConfigYaml } from '../notify/support/notify-fixture.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../notify/support/smtp-receiver.ts';
import { NO_POSTGRES_SERVER, postgresBinaries, startPostgresCluster, type PostgresCluster } from '../support/postgres.ts';
import { startVeille, veille, type RunningVeille } from '../support/run-veille.ts';

// The process holding the notifications lease is killed (kill -9) while messages wait in the
// outbox: another `veille serve` on the same database (a SQLite file, a PostgreSQL server) takes the lease over once it expires
// and sends each waiting message, once. The mail server refuses for a while (451) so that the
// messages are still waiting, already tried by the holder, when it dies.

const running: RunningVeille[] = [];
let smtp: SmtpReceiver | undefined;
afterEach(async () => {
  for (const process of running.splice(0).reverse()) if (process.child.exitCode === null && process.child.signalCode === null) await process.stop();
  await smtp?.close();
});

/** Rows of a query on the database the processes share (the same SQL on both dialects). */
async function rows(db: string, sql: string): Promise<any[]> {
  if (db.startsWith('postgres://')) {
    const client = new pg.Client({ connectionString: db });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }
  const sqlite = new Database(db, { readonly: true });
  try {
    return sqlite.prepare(sql).all();
  } finally {
    sqlite.close();
  }
}

const holderPid = async (db: string) => Number(String((await rows(db, "SELECT holder FROM leases WHERE name = 'notifications'"))[0]?.holder ?? '').split(':')[1]);

/** Polls until `done` holds (bounded: something that never happens fails the test rather than hanging it). */
async function until(what: string, done: () => Promise<boolean>, processes: RunningVeille[]): Promise<void> {
  for (let n = 0; n < 1200; n++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what}: never\n${processes.map((process) => process.output()).join('\n---\n')}`);
}

async function killTheHolder(database: (cwd: string) => Promise<string>): Promise<void> {
  smtp = await startSmtpReceiver();
  smtp.mode = 'tempfail';
  const cwd = mkdtempSync(join(tmpdir(), 'veille-notifier-killed-'));
  const db = await database(cwd);
  // Retries soon after a refusal, so that the survivor does not wait a long backoff.
  const yaml = notifyConfigYaml({ smtpPort: smtp.port }).replace(/delivery: \{[^}]*\}/, 'delivery: { maxAttempts: 100, firstRetry: 1s, maxRetry: 1s }');
  writeFileSync(join(cwd, 'monitor.config.yaml'), yaml);

  const first = await startVeille(cwd, ['--db', db, '--port', '0'], 'serve');
  running.push(first);
  expect(await holderPid(db)).toBe(first.child.pid);
  const second = await startVeille(cwd, ['--db', db, '--port', '0'], 'serve');
  running.push(second);
  expect(await holderPid(db)).toBe(first.child.pid);

  const added = await veille(['maintenance', 'add', '--env', 'acme-prod', '--start', '2030-01-10T22:00:00-05:00', '--duration', '2h', '--impact', 'Database upgrade', '--notify', '--db', db], { cwd });
  expect(added.stderr).toBe('');
  expect(added.code).toBe(0);
  const queued = await rows(db, "SELECT id, recipient FROM notification_outbox WHERE status = 'pending' ORDER BY id");
  expect(queued.map((row) => row.recipient)).toEqual(['ops@acme.example', 'it@acme.example']);

  // The holder has tried every message and been refused: they wait for a retry.
  await until('the holder trying every message', async () => (await rows(db, "SELECT id FROM notification_outbox WHERE status = 'pending' AND attempts > 0")).length === 2, running);
  first.child.kill('SIGKILL');
  await new Promise<void>((resolve) => (first.child.exitCode !== null || first.child.signalCode !== null ? resolve() : first.child.once('exit', () => resolve())));
  smtp.mode = 'accept';

  await until('the survivor holding the lease', async () => (await holderPid(db)) === second.child.pid, running);
  await until('every waiting message sent', async () => (await rows(db, "SELECT id FROM notification_outbox WHERE status = 'sent'")).length === 2, running);
  // Stopped, the survivor has finished any send it had begun: what the server holds is final.
  await second.stop();
  const sentRows = await rows(db, 'SELECT id, status FROM notification_outbox ORDER BY id');
  expect(sentRows.map((row) => row.status)).toEqual(['sent', 'sent']);
  const ids = smtp.messages.map((message) => message.headers.get('message-id')?.[0]);
  expect(new Set(ids).size).toBe(ids.length);
  expect(smtp.messages.map((message) => message.rcptTo).sort()).toEqual([['it@acme.example'], ['ops@acme.example']]);
}

const binaries = postgresBinaries();
if (!binaries) console.warn(NO_POSTGRES_SERVER);

describe('the notifier holder killed while messages wait', () => {
  it('on a SQLite file, another serve process takes the notifications lease over and sends each waiting message once', async () => {
    await killTheHolder(async (cwd) => join(cwd, 'veille.db'));
  }, 240_000);

  describe.skipIf(!binaries)(`on a PostgreSQL server (${binaries ?? NO_POSTGRES_SERVER})`, () => {
    let cluster: PostgresCluster | undefined;
    afterAll(async () => {
      await cluster?.stop();
    });
    it('another serve process takes the notifications lease over and sends each waiting message once', async () => {
      cluster = await startPostgresCluster();
      const started = cluster;
      await killTheHolder(() => started.createDatabase(`notifier_killed_${process.pid}`));
    }, 300_000);
  });
});
