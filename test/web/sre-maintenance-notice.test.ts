import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allWindows } from '../../src/maintenance/window-store.ts';
import { createSenders } from '../../src/notify/channels/index.ts';
import { createDeliveryWorker } from '../../src/notify/delivery-worker.ts';
import { createNotificationEvents } from '../../src/notify/events.ts';
import { createApp } from '../../src/server/app.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { notifyConfigYaml } from '../notify/support/notify-fixture.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../notify/support/smtp-receiver.ts';
import { browse, signIn } from './browser-session.ts';

// "Notify the clients" from the browser, and each window's notice as the console states it:
// e-mailed by veille (and when), pending, recorded by hand with its reference, or none.

let smtp: SmtpReceiver;
let t: TestApp;
beforeEach(async () => {
  smtp = await startSmtpReceiver();
  const base = createTestApp({ configYaml: notifyConfigYaml({ smtpPort: smtp.port }), now: '2026-11-16T12:00:00-05:00' });
  // The app as the daemon wires it, with the notification sink.
  t = { ...base, app: createApp({ ...base.deps, notifications: createNotificationEvents({ config: base.config, calendars: base.deps.calendars }) }) };
});
afterEach(async () => {
  t.close();
  await smtp.close();
});

const WINDOW = { environments: ['acme-prod'], start: '2026-11-18T02:00', end: '2026-11-18T04:00', impact: 'Mise à niveau de la base' };

function windowBlock(html: string, id: number): string {
  const start = html.indexOf(`id="window-${id}"`);
  expect(start, `window ${id} is listed`).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</form>', start));
}

describe('/sre — maintenance notices', () => {
  it('e-mails the formal notice when asked: pending until the mail server accepts it, then e-mailed at that time', async () => {
    const { jar, csrf } = await signIn(t, 'sre');
    const form = await browse(t, jar, '/sre');
    expect(form.text).toContain('Aviser les clients (avis formel par courriel)');
    const created = await browse(t, jar, '/sre/maintenance', { form: { ...WINDOW, notify: '1', csrf } });
    expect(created.response.status).toBe(303);
    const [window] = await allWindows(t.deps.database.store);
    expect(window!.versions[0]!.noticeSentAt).toBeNull();
    expect(windowBlock((await browse(t, jar, '/sre')).text, window!.id)).toContain('envoi par courriel en attente');

    t.setNow('2026-11-16T12:00:05-05:00');
    const worker = createDeliveryWorker({ store: t.deps.database.store, config: t.config, senders: createSenders(t.config.notifications, { timeoutMs: 3_000, clock: t.now }), clock: t.now });
    await worker.runOnce();
    expect(smtp.messages.length).toBeGreaterThan(0);
    expect(windowBlock((await browse(t, jar, '/sre')).text, window!.id)).toContain('envoyé par courriel par veille le 16\u00a0nov.\u00a02026, 12\u00a0h\u00a0HNE');
  });

  it('says a notice recorded by hand is one, with its reference, and that no notice means the registration time is taken', async () => {
    const { jar, csrf } = await signIn(t, 'sre');
    await browse(t, jar, '/sre/maintenance', { form: { ...WINDOW, noticeSentAt: '2026-11-16T09:30', noticeRef: 'AV-2026-12', csrf } });
    await browse(t, jar, '/sre/maintenance', { form: { ...WINDOW, impact: 'Sans avis', csrf } });
    const page = (await browse(t, jar, '/sre?lang=en')).text;
    expect(windowBlock(page, 1)).toContain('sent on Nov\u00a016,\u00a02026, 9:30\u00a0a.m.\u00a0EST, recorded by hand (ref. AV-2026-12)');
    expect(windowBlock(page, 2)).toContain('no notice: the registration time (Nov\u00a016,\u00a02026, 12:00\u00a0p.m.\u00a0EST) is taken as the notice time');
    expect(page).not.toContain('e-mailed by veille');
  });

  it('refuses "notify" together with a notice sent by other means, naming the field', async () => {
    const { jar, csrf } = await signIn(t, 'sre');
    const answer = await browse(t, jar, '/sre/maintenance', { form: { ...WINDOW, notify: '1', noticeSentAt: '2026-11-16T09:30', noticeRef: 'AV-1', csrf } });
    expect(answer.response.status).toBe(400);
    expect(answer.text).toContain('<strong>Aviser les clients</strong> : veille envoie l’avis lui-même');
    expect(answer.text).toMatch(/<input type="checkbox" name="notify" value="1" checked=""/);
    expect(await allWindows(t.deps.database.store)).toHaveLength(0);
  });
});
