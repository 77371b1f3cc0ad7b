import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findWindow } from '../../src/maintenance/window-store.ts';
import { subscribe } from '../../src/subscriptions/subscription-service.ts';
import { createNotifyFixture, notifyConfigYaml, type NotifyFixture } from './support/notify-fixture.ts';
import { startSmtpReceiver, type SmtpReceiver } from './support/smtp-receiver.ts';

// A flood of public subscription mail must never hold up a formal maintenance notice nor a
// team alert: a window excuses downtime only if its notice was sent before the outage.

let smtp: SmtpReceiver;
let fx: NotifyFixture;
beforeEach(async () => {
  smtp = await startSmtpReceiver();
  fx = createNotifyFixture({ yaml: notifyConfigYaml({ smtpPort: smtp.port }) });
});
afterEach(async () => {
  fx.close();
  await smtp.close();
});

const FLOOD = 300;

async function flood(): Promise<void> {
  for (let i = 0; i < FLOOD; i++) await subscribe({ store: fx.database.store, config: fx.config }, { email: `stranger${i}@flood.example`, language: 'en' }, fx.now());
}

describe('delivery lanes', () => {
  it('a formal notice goes out while the subscription mail ahead of it is stuck on its receiver', async () => {
    await flood();
    // The receiver takes subscription mail but never answers it: the public lane is stuck.
    smtp.hold = (recipient) => recipient.endsWith('@flood.example');
    const stuck = fx.worker.runOnce();
    await expect.poll(() => smtp.waiting(), { timeout: 15_000 }).toBe(1);

    const { windowId } = await fx.registerWindow({
      environments: ['acme-prod'],
      start: '2026-11-20T22:00:00-05:00',
      end: '2026-11-20T23:00:00-05:00',
      impact: 'Database upgrade',
      notify: true,
    });
    const run = await fx.worker.runOnce();

    expect(run.sent).toBe(2);
    expect(smtp.messages.flatMap((m) => m.rcptTo).sort()).toEqual(['it@acme.example', 'ops@acme.example']);
    expect((await findWindow(fx.database.store, windowId))!.versions.at(-1)!.noticeSentAt).toBe(fx.now());

    smtp.release();
    smtp.hold = () => false;
    await stuck;
  });

  it('a team alert is not behind a backlog of subscription mail either (its own batch)', async () => {
    await flood();
    const outage = fx.insertOutage({ checkId: 'acme-web', envId: 'acme-prod', start: '2026-11-16T11:58:00-05:00' });
    await fx.database.store.transaction((tx) => fx.events.outageOpened(tx, { outageId: outage }, fx.now()));
    smtp.hold = (recipient) => recipient.endsWith('@flood.example');
    const run = fx.worker.runOnce();
    await expect.poll(() => smtp.messages.some((m) => m.rcptTo.includes('sre@aidi.example')), { timeout: 15_000 }).toBe(true);
    smtp.release();
    smtp.hold = () => false;
    await run;
  });
});
