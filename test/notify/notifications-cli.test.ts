import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotifyFixture, notifyConfigYaml } from './support/notify-fixture.ts';
import { startSmtpReceiver, type SmtpReceiver } from './support/smtp-receiver.ts';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';
import { veille } from '../support/run-veille.ts';



let dir: string;
let smtp: SmtpReceiver;
let hook: WebhookReceiver;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'veille-notify-cli-'));
  smtp = await startSmtpReceiver();
  hook = await startWebhookReceiver();
  // One notice accepted, one webhook given up (404), one e-mail waiting for a retry (451).
  const fx = createNotifyFixture({ yaml: notifyConfigYaml({ smtpPort: smtp.port, webhookUrl: hook.url }), dbFile: join(dir, 'veille.db') });
  await fx.registerWindow({ environments: ['globex-prod'], start: '2026-11-20T22:00:00-05:00', end: '2026-11-20T23:00:00-05:00', impact: 'upgrade', notify: true });
  await fx.worker.runOnce();
  hook.status = 404;
  const outage = fx.insertOutage({ checkId: 'globex-web', envId: 'globex-prod', start: '2026-11-16T11:59:00-05:00' });
  await fx.database.store.transaction((tx) => fx.events.outageOpened(tx, { outageId: outage }, fx.now()));
  smtp.mode = 'tempfail';
  await fx.registerWindow({ environments: ['globex-prod'], start: '2026-11-21T22:00:00-05:00', end: '2026-11-21T23:00:00-05:00', impact: 'upgrade', notify: true });
  await fx.worker.runOnce();
  fx.close();
});
afterAll(async () => {
  await Promise.all([smtp.close(), hook.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('veille notifications list', () => {
  it('shows what was sent, what failed and why, and what waits for a retry', async () => {
    const result = await veille(['notifications', 'list', '--db', join(dir, 'veille.db')]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n').filter((line) => line.startsWith('#'));
    expect(lines).toEqual([
      expect.stringMatching(/^#3 .* maintenance_notice window:2 {2}→ clients noc@globex\.example {2}pending, 1 attempt, next 2026-11-16T12:00:30-05:00 — last error: SMTP .*451/),
      expect.stringMatching(/^#2 .* outage_opened outage:1 {2}→ ops-hook http:\/\/127\.0\.0\.1:\d+\/hook {2}FAILED after 1 attempt: HTTP 404: no$/),
      expect.stringMatching(/^#1 .* maintenance_notice window:1 {2}→ clients noc@globex\.example {2}sent 2026-11-16T12:00:00-05:00 \(<.+>\)$/),
    ]);
    const utc = await veille(['notifications', 'list', '--utc', '--status', 'sent', '--db', join(dir, 'veille.db')]);
    expect(utc.stdout).toMatch(/sent 2026-11-16T17:00:00Z \(</);

    const failed = await veille(['notifications', 'list', '--status', 'failed', '--json', '--db', join(dir, 'veille.db')]);
    expect(JSON.parse(failed.stdout)).toEqual([expect.objectContaining({ id: 2, status: 'failed', lastError: 'HTTP 404: no', attempts: 1 })]);

    const bad = await veille(['notifications', 'list', '--status', 'lost', '--db', join(dir, 'veille.db')]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim()).toBe('veille notifications list: --status must be one of pending, sent, failed (got "lost")');
  });

  it('check-config reports bad contact addresses and webhook URLs with their path', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      notifyConfigYaml({ smtpPort: 25, webhookUrl: 'ftp://hooks.example/x' }).replace('noc@globex.example', 'noc at globex'),
    );
    const result = await veille(['check-config', '--config', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.yaml:\d+: clients\.Globex\.contacts\[0\]\.email: "noc at globex" is not an e-mail address/);
    expect(result.stderr).toMatch(/bad\.yaml:\d+: notifications\.channels\.ops-hook\.url: a webhook URL starts with https:\/\//);
  });
});
