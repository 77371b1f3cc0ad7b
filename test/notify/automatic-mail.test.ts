import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { subscriptions } from '../../src/store/schema/index.ts';
import { configIssues } from '../support/config-issues.ts';
import { createNotifyFixture, notifyConfigYaml, type NotifyFixture } from './support/notify-fixture.ts';
import { startSmtpReceiver, type SmtpReceiver } from './support/smtp-receiver.ts';

// Every e-mail veille sends is automatic (RFC 3834): it says so, so that autoresponders stay
// quiet. A client notice invites a reply only when replies reach someone (smtp.replyTo).

let smtp: SmtpReceiver;
const fixtures: NotifyFixture[] = [];
beforeEach(async () => {
  smtp = await startSmtpReceiver();
});
afterEach(async () => {
  for (const fx of fixtures.splice(0)) fx.close();
  await smtp.close();
});

function open(replyTo?: string): NotifyFixture {
  let yaml = notifyConfigYaml({ smtpPort: smtp.port });
  if (replyTo) yaml = yaml.replace('fromName: Aidi veille }', `fromName: Aidi veille, replyTo: ${replyTo} }`);
  const fx = createNotifyFixture({ yaml });
  fixtures.push(fx);
  return fx;
}

const WINDOW = { environments: ['acme-prod'], start: '2026-11-20T22:00:00-05:00', end: '2026-11-20T23:00:00-05:00', impact: 'Mise à niveau', notify: true };

describe('automatic e-mail', () => {
  it('carries Auto-Submitted: auto-generated, client notices, subscribers’ notices and team alerts alike', async () => {
    const fx = open();
    fx.database.db.insert(subscriptions).values({ email: 'lecteur@example.com', language: 'fr', status: 'active', unsubscribeToken: 'u-fr', createdAt: fx.now(), confirmedAt: fx.now() }).run();
    await fx.registerWindow(WINDOW);
    fx.insertOutage({ checkId: 'acme-web', envId: 'acme-prod', start: '2026-11-16T11:00:00-05:00' });
    await fx.database.store.transaction((tx) => fx.events.outageOpened(tx, { outageId: 1 }, fx.now()));
    await fx.worker.runOnce();
    const recipients = smtp.messages.map((message) => message.rcptTo[0]);
    expect(recipients).toEqual(expect.arrayContaining(['ops@acme.example', 'it@acme.example', 'sre@aidi.example', 'lecteur@example.com']));
    for (const message of smtp.messages) expect(message.headers.get('auto-submitted'), message.rcptTo[0]).toEqual(['auto-generated']);
  });

  it('without smtp.replyTo, a client notice does not ask to be replied to', async () => {
    const fx = open();
    await fx.registerWindow(WINDOW);
    await fx.worker.runOnce();
    for (const message of smtp.messages) {
      expect(message.headers.get('reply-to')).toBeUndefined();
      expect(message.text).not.toMatch(/répondez|reply to this/i);
    }
  });

  it('with smtp.replyTo, client notices are answered there, and say so', async () => {
    const fx = open('support@aidi.example');
    await fx.registerWindow(WINDOW);
    await fx.worker.runOnce();
    expect(smtp.messages).toHaveLength(2);
    for (const message of smtp.messages) {
      expect(message.headers.get('reply-to')).toEqual(['support@aidi.example']);
      expect(message.text).toContain('Pour toute question, répondez à ce courriel : votre réponse parviendra à support@aidi.example.');
      expect(message.text).toContain('For any question, reply to this e-mail: your answer will reach support@aidi.example.');
    }
  });

  it('refuses a replyTo that is not an address, naming the field', () => {
    const yaml = notifyConfigYaml({ smtpPort: 2525 }).replace('fromName: Aidi veille }', 'fromName: Aidi veille, replyTo: "support at aidi" }');
    expect(configIssues(yaml).join('\n')).toMatch(/notifications\.smtp\.replyTo/);
  });
});
