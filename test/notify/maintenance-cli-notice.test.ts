import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotifyFixture, notifyConfigYaml, type NotifyFixture } from './support/notify-fixture.ts';
import { startSmtpReceiver, type SmtpReceiver } from './support/smtp-receiver.ts';
import { veille } from '../support/run-veille.ts';

// `veille maintenance … --notify` through the real entry point: the command only queues the
// formal notice; a delivery worker on the same database file (as in the running daemon) sends
// it, and the version's notice counts from the mail server's acceptance. The steps share one
// database and run in order.

let dir: string;
let db: string;
let files: string[];
let smtp: SmtpReceiver;
let daemon: NotifyFixture;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'veille-cli-notice-'));
  smtp = await startSmtpReceiver();
  const yaml = notifyConfigYaml({ smtpPort: smtp.port });
  writeFileSync(join(dir, 'monitor.config.yaml'), yaml);
  db = join(dir, 'veille.db');
  files = ['--config', join(dir, 'monitor.config.yaml'), '--db', db];
  // Opened first, as the daemon would be: it creates the database the commands write to.
  daemon = createNotifyFixture({ yaml, dbFile: db });
});
afterAll(async () => {
  daemon.close();
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});

const rows = (sql: string, ...params: unknown[]) => daemon.database.sqlite.prepare(sql).all(...params) as any[];
const versions = (windowId: number) => rows('select notice_sent_at as sentAt, notice_ref as ref from maintenance_versions where window_id = ? order by id', windowId);

/** The worker runs a little after the command queued its rows (the command used the real clock). */
async function deliver(): Promise<number> {
  const queuedAt = rows('select max(created_at) as at from notification_outbox')[0].at as number;
  daemon.setNow(new Date(queuedAt + 2_000).toISOString());
  await daemon.worker.runOnce();
  return daemon.now();
}

const ADD = ['maintenance', 'add', '--env', 'acme-prod', '--start', '2030-01-10T22:00:00-05:00', '--duration', '2h', '--impact', 'Database upgrade'];

describe('veille maintenance with --notify', () => {
  it('refuses --notify with a notice sent otherwise, naming the flag, writing nothing', async () => {
    const both = await veille([...ADD, '--notify', '--notice-sent-at', '2026-01-01T00:00:00Z', '--notice-ref', 'mail', ...files]);
    expect(both.code).not.toBe(0);
    expect(both.stderr.trim()).toMatch(/^veille maintenance add: --notify: /);
    expect(rows('select count(*) as n from maintenance_windows')[0].n).toBe(0);
  });

  it('add queues the notice, pending until the daemon e-mails it; acceptance sets noticeSentAt', async () => {
    const added = await veille([...ADD, '--notify', ...files]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^Registered maintenance window 1: .*notice pending/);
    expect(added.stdout).toContain('Formal notice queued: 2 e-mails to the clients\' contacts. The notice is pending until the running daemon (veille start) sends them');
    expect(versions(1)).toEqual([{ sentAt: null, ref: null }]);
    expect(rows("select recipient, status from notification_outbox where channel = 'clients' order by id")).toEqual([
      { recipient: 'ops@acme.example', status: 'pending' },
      { recipient: 'it@acme.example', status: 'pending' },
    ]);
    expect(smtp.messages).toHaveLength(0);

    const acceptedAt = await deliver();
    expect(smtp.messages.map((m) => m.rcptTo)).toEqual([['ops@acme.example'], ['it@acme.example']]);
    expect(versions(1)).toEqual([{ sentAt: acceptedAt, ref: smtp.messages.map((m) => m.headers.get('message-id')![0]).join(' ') }]);
  });

  it('reschedule of a window veille noticed e-mails the change by itself, pending until sent', async () => {
    const moved = await veille(['maintenance', 'reschedule', '--id', '1', '--start', '2030-01-11T22:00:00-05:00', '--duration', '2h', '--reason', 'vendor delay', ...files]);
    expect(moved.code).toBe(0);
    expect(moved.stdout).toMatch(/version 2\): .*notice pending/);
    expect(moved.stdout).toContain('Formal notice queued: 2 e-mails');
    expect(versions(1)[1]).toEqual({ sentAt: null, ref: null });

    const acceptedAt = await deliver();
    expect(smtp.messages).toHaveLength(4);
    expect(versions(1)[1]).toEqual({ sentAt: acceptedAt, ref: smtp.messages.slice(2).map((m) => m.headers.get('message-id')![0]).join(' ') });
  });

  it('cancel e-mails the cancellation of a window veille noticed, and refuses to skip it without the configuration', async () => {
    // From a directory without a configuration file, and no --config.
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    const refused = await veille(['maintenance', 'cancel', '--id', '1', '--reason', 'postponed', '--db', db], { cwd: elsewhere });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.trim()).toMatch(/^veille maintenance cancel: --config: veille e-mailed window 1's notice/);
    expect(rows('select cancelled_at as at from maintenance_windows')).toEqual([{ at: null }]);

    const cancelled = await veille(['maintenance', 'cancel', '--id', '1', '--reason', 'postponed', ...files]);
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toContain("Notice of cancellation queued: 2 e-mails to the clients' contacts, sent by the running daemon (veille start).");
    await deliver();
    expect(smtp.messages).toHaveLength(6);
    expect(smtp.messages.slice(4).map((m) => m.rcptTo)).toEqual([['ops@acme.example'], ['it@acme.example']]);

    const listed = await veille(['maintenance', 'list', '--json', '--db', db]);
    expect(JSON.parse(listed.stdout)[0]).toMatchObject({ status: 'cancelled', noticeStatus: 'sent' });
  });
});
