import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findWindow } from '../../src/maintenance/window-store.ts';
import { readMonthlyReport } from '../../src/reports/monthly-report.ts';
import { reportReads } from '../../src/store/report-reads.ts';
import { instant } from '../../src/time/iso.ts';
import { createNotifyFixture, notifyConfigYaml, type NotifyFixture } from './support/notify-fixture.ts';
import { startSmtpReceiver, type SmtpReceiver } from './support/smtp-receiver.ts';

// Rule 5 and issue 6: a window registered with notify: true is noticed by veille's own e-mail,
// and only from the moment the SMTP server accepted it.

let smtp: SmtpReceiver;
let fx: NotifyFixture;

beforeEach(async () => {
  smtp = await startSmtpReceiver();
  fx = createNotifyFixture({ yaml: notifyConfigYaml({ smtpPort: smtp.port }), now: '2026-11-16T12:00:00-05:00' });
});
afterEach(async () => {
  fx.close();
  await smtp.close();
});

const WINDOW = {
  environments: ['acme-prod'],
  start: '2026-11-20T22:00:00-05:00',
  end: '2026-11-21T00:30:00-05:00',
  impact: 'Mise à niveau de la base de données : application indisponible / database upgrade: application unavailable',
  notify: true,
};

const versionOf = async (windowId: number) => (await findWindow(fx.database.store, windowId))!.versions.at(-1)!;

describe('formal maintenance notice by e-mail', () => {
  it('e-mails every contact in French and English, and the notice time is when the server accepted it', async () => {
    const { windowId } = await fx.registerWindow(WINDOW);
    expect(await versionOf(windowId)).toMatchObject({ noticeSentAt: null, noticeRef: null });

    fx.setNow('2026-11-16T12:00:07-05:00');
    const run = await fx.worker.runOnce();
    expect(run).toMatchObject({ sent: 2, failed: 0 });

    expect(smtp.messages.map((m) => m.rcptTo)).toEqual([['ops@acme.example'], ['it@acme.example']]);
    const [fr, en] = smtp.messages;
    // Times for clients as the pages write them: '22 h' in French, the date and the time unbreakable.
    const frWhen = '20\u00a0nov.\u00a02026, 22\u00a0h\u00a0HNE';
    const enWhen = 'Nov\u00a020,\u00a02026, 10:00\u00a0p.m.\u00a0EST';
    expect(fr!.subject).toBe(`Avis de maintenance planifiée — Acme Construction — ${frWhen} / Scheduled maintenance notice — Acme Construction — ${enWhen}`);
    expect(en!.subject).toBe(`Scheduled maintenance notice — Acme Construction — ${enWhen} / Avis de maintenance planifiée — Acme Construction — ${frWhen}`);
    expect(fr!.headers.get('to')).toEqual(['Jeanne Tremblay <ops@acme.example>']);
    expect(fr!.headers.get('from')).toEqual(['Aidi veille <veille@aidi.example>']);
    for (const message of [fr!, en!]) {
      expect(message.text).toContain('Début : vendredi 20 novembre 2026 à 22 h (heure normale de l’Est, UTC-05:00)');
      expect(message.text).toContain('Fin : samedi 21 novembre 2026 à 0 h 30 (heure normale de l’Est, UTC-05:00)');
      expect(message.text).toContain('Durée : 2 h 30 min');
      expect(message.text).toContain('Start: Friday 20 November 2026, 22:00 (Eastern Standard Time, UTC-05:00)');
      expect(message.text).toContain('End: Saturday 21 November 2026, 00:30 (Eastern Standard Time, UTC-05:00)');
      expect(message.text).toContain('Duration: 2 h 30 min');
      expect(message.text).toContain(`Impact : ${WINDOW.impact}`);
      expect(message.text).toContain(`Impact: ${WINDOW.impact}`);
      expect(message.text).toContain('Acme Construction (acme-prod)');
    }
    expect(fr!.text.indexOf('Bonjour Jeanne Tremblay')).toBeLessThan(fr!.text.indexOf('Hello Jeanne Tremblay'));
    expect(en!.text.indexOf('Hello,')).toBeLessThan(en!.text.indexOf('Bonjour,'));

    const version = await versionOf(windowId);
    expect(version.noticeSentAt).toBe(instant('2026-11-16T12:00:07-05:00'));
    const ids = smtp.messages.map((m) => m.headers.get('message-id')![0]);
    expect(version.noticeRef).toBe(ids.join(' '));
    const audit = fx.database.sqlite.prepare("select actor, target from audit_log where action = 'maintenance.notice_sent'").all();
    expect(audit).toEqual([{ actor: 'veille', target: `maintenance:${windowId}` }]);
  });

  it('tells each contact only about their own clients: a window on two environments sends one notice per contact', async () => {
    await fx.registerWindow({ ...WINDOW, environments: ['acme-prod', 'globex-prod'] });
    await fx.worker.runOnce();
    const globex = smtp.messages.find((m) => m.rcptTo[0] === 'noc@globex.example')!;
    expect(globex.text).toContain('Globex (globex-prod)');
    expect(globex.text).not.toContain('Acme');
    expect(smtp.messages).toHaveLength(3);
  });

  it('SMTP down: retried with backoff, and until accepted the window has no notice', async () => {
    const { windowId } = await fx.registerWindow(WINDOW);
    smtp.mode = 'tempfail';
    const first = await fx.worker.runOnce(instant('2026-11-16T12:00:00-05:00'));
    // The first refusal defers the second message to the next run instead of trying it too.
    expect(first).toMatchObject({ sent: 0, retried: 1, deferred: 1 });
    const row = fx.database.sqlite.prepare('select status, attempts, last_error, next_attempt_at from notification_outbox order by id limit 1').get() as Record<string, unknown>;
    expect(row).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: instant('2026-11-16T12:00:30-05:00') });
    expect(String(row.last_error)).toMatch(/451/);
    expect((await versionOf(windowId)).noticeSentAt).toBeNull();

    // Only the deferred message is due before the backoff; it fails too and waits 30 s.
    await fx.worker.runOnce(instant('2026-11-16T12:00:10-05:00'));
    // Second failure of the first message: the wait doubles.
    await fx.worker.runOnce(instant('2026-11-16T12:00:30-05:00'));
    const waits = fx.database.sqlite.prepare('select attempts, next_attempt_at from notification_outbox order by id').all();
    expect(waits).toEqual([
      { attempts: 2, next_attempt_at: instant('2026-11-16T12:01:30-05:00') },
      { attempts: 1, next_attempt_at: instant('2026-11-16T12:00:40-05:00') },
    ]);
    expect((await versionOf(windowId)).noticeSentAt).toBeNull();

    smtp.mode = 'accept';
    fx.setNow('2026-11-16T12:00:41-05:00');
    await fx.worker.runOnce();
    // One of two accepted: still no notice (the other client has not been told).
    expect(smtp.messages).toHaveLength(1);
    expect((await versionOf(windowId)).noticeSentAt).toBeNull();
    fx.setNow('2026-11-16T12:01:31-05:00');
    await fx.worker.runOnce();
    expect(smtp.messages).toHaveLength(2);
    expect((await versionOf(windowId)).noticeSentAt).toBe(instant('2026-11-16T12:01:31-05:00'));
  });

  it('SMTP unreachable (connection refused) is retried like any temporary failure', async () => {
    const closed = await startSmtpReceiver();
    const port = closed.port;
    await closed.close();
    const other = createNotifyFixture({ yaml: notifyConfigYaml({ smtpPort: port }) });
    try {
      const { windowId } = await other.registerWindow(WINDOW);
      expect(await other.worker.runOnce()).toMatchObject({ sent: 0, retried: 1 });
      const row = other.database.sqlite.prepare('select status, last_error from notification_outbox order by id limit 1').get() as Record<string, string>;
      expect(row.status).toBe('pending');
      expect(row.last_error).toMatch(/ECONNREFUSED|ECONNECTION|connect/i);
      expect((await findWindow(other.database.store, windowId))!.versions.at(-1)!.noticeSentAt).toBeNull();
    } finally {
      other.close();
    }
  });

  it('a notice refused for good leaves the window without notice and alerts the team', async () => {
    const { windowId } = await fx.registerWindow(WINDOW);
    smtp.mode = 'reject';
    await fx.worker.runOnce();
    const rows = fx.database.sqlite.prepare("select status, last_error from notification_outbox where channel = 'clients' order by id").all() as Array<Record<string, string>>;
    expect(rows[0]).toMatchObject({ status: 'failed' });
    expect(rows[0]!.last_error).toMatch(/550/);
    expect((await versionOf(windowId)).noticeSentAt).toBeNull();
    const alert = fx.database.sqlite.prepare("select kind, subject from notification_events where kind = 'notice_failed'").get();
    expect(alert).toEqual({ kind: 'notice_failed', subject: `window:${windowId}` });
  });

  it('a pending notice excuses nothing in the monthly report; once accepted, the outage inside the window is excluded', async () => {
    const { windowId } = await fx.registerWindow({ ...WINDOW, start: '2026-11-18T10:00:00-05:00', end: '2026-11-18T12:00:00-05:00' });
    fx.insertOutage({ checkId: 'acme-web', envId: 'acme-prod', start: '2026-11-18T10:30:00-05:00', end: '2026-11-18T11:00:00-05:00' });
    const report = async () =>
      (
        await readMonthlyReport(reportReads(fx.database.store), { config: fx.config, calendars: fx.calendars }, { month: '2026-11', now: instant('2026-11-18T13:00:00-05:00'), publicOnly: false })
      ).environments.find((e) => e.id === 'acme-prod')!;
    expect(await report()).toMatchObject({ downtimeMs: 30 * 60_000, excludedMaintenanceMs: 0 });

    fx.setNow('2026-11-16T12:05:00-05:00');
    await fx.worker.runOnce();
    expect((await versionOf(windowId)).noticeSentAt).toBe(instant('2026-11-16T12:05:00-05:00'));
    expect(await report()).toMatchObject({ downtimeMs: 0, excludedMaintenanceMs: 30 * 60_000 });
  });

  it('refuses notify: true when nobody can be told, and nothing is written', async () => {
    const bare = createNotifyFixture({ yaml: notifyConfigYaml({ smtpPort: smtp.port }).replace('clients: [Globex]', 'clients: []') });
    try {
      await expect(bare.registerWindow({ ...WINDOW, environments: ['globex-prod'] })).rejects.toThrow(/notify: .*nobody to notify/);
      const counts = bare.database.sqlite.prepare('select (select count(*) from maintenance_windows) as windows, (select count(*) from notification_outbox) as outbox').get();
      expect(counts).toEqual({ windows: 0, outbox: 0 });
    } finally {
      bare.close();
    }
  });

  it('header injection through names is impossible: a line break in a name is flattened, no header or recipient is added', async () => {
    const sneaky = createNotifyFixture({
      yaml: notifyConfigYaml({ smtpPort: smtp.port, acmeName: 'Acme\r\nBcc: thief@evil.example\r\nX-Injected: yes' }),
    });
    try {
      await sneaky.registerWindow({ ...WINDOW, impact: 'Maintenance\r\nBcc: thief@evil.example' });
      await sneaky.worker.runOnce();
      expect(smtp.messages.flatMap((m) => m.rcptTo).sort()).toEqual(['it@acme.example', 'ops@acme.example']);
      for (const message of smtp.messages) {
        expect(message.headers.has('bcc')).toBe(false);
        expect(message.headers.has('x-injected')).toBe(false);
        expect(message.subject).toContain('Acme Bcc: thief@evil.example X-Injected: yes');
        expect(message.subject).not.toMatch(/[\r\n]/);
      }
    } finally {
      sneaky.close();
    }
  });
});
