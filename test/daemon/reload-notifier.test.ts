import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { startOnceOnlyWork, type OnceOnlyWork } from '../../src/daemon/once-only-work.ts';
import { reload } from '../../src/daemon/reload.ts';
import { createRuntime, type Runtime, type RuntimeBase } from '../../src/daemon/runtime.ts';
import { leasesOf } from '../../src/lease/lease-store.ts';
import { enqueueDeliveries, recordEvent } from '../../src/notify/event-store.ts';
import type { Store } from '../../src/store/store.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';
import { notifyConfigYaml } from '../notify/support/notify-fixture.ts';
import { startSmtpReceiver, type SmtpReceiver } from '../notify/support/smtp-receiver.ts';

// A reload replaces the notifier (a new one reads the new configuration), while the daemon's
// notifications job goes on asking whichever is current to send the outbox. A message the old
// notifier is sending when the reload comes must not be sent again by the new one: one delivery
// run at a time, across the swap. A loopback mail server holds the message until the reload is
// done, then answers; it must have received it once.

const TIMING = { deliverEveryMs: 10, scanEveryMs: 60_000, timeoutMs: 30_000 };
const RECIPIENT = 'sre@aidi.example';

/** Resolves once `done` holds, looking every 10 ms (bounded: a lost run fails, it does not hang). */
async function until(what: string, done: () => boolean | Promise<boolean>): Promise<void> {
  for (let n = 0; n < 3_000; n++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${what}: never`);
}

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`notifications across a reload on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));
    let smtp: SmtpReceiver;
    let work: OnceOnlyWork | null = null;
    let current: Runtime | null = null;
    beforeEach(async () => {
      smtp = await startSmtpReceiver();
    });
    afterEach(async () => {
      smtp.release();
      await work?.stop();
      await current?.stop();
      await smtp.close();
    });

    it('sends a message the old notifier was sending when the reload came once, not again from the new one', { timeout: 60_000 }, async () => {
      const yaml = notifyConfigYaml({ smtpPort: smtp.port });
      const file = join(mkdtempSync(join(tmpdir(), 'veille-reload-notifier-')), 'monitor.config.yaml');
      writeFileSync(file, yaml);
      const base: RuntimeBase = { database: { store, sqlite: (store.sqlite ?? null) as RuntimeBase['database']['sqlite'], url: null }, clock: Date.now, probe: false };
      current = createRuntime(base, parseConfig(yaml, file));
      const runtime = () => current!;
      work = startOnceOnlyWork({ store, leases: leasesOf(store), holder: 'monitor-1:101:aaaaaaaa', runtime, clock: Date.now, timing: TIMING, log: () => undefined });
      await work.ready;

      smtp.hold = (recipient) => recipient === RECIPIENT;
      const now = Date.now();
      await store.transaction(async (tx) => {
        const event = (await recordEvent(tx, { key: 'outage-opened:1', kind: 'outage_opened', subject: 'outage:1', occurredAt: now }, now))!;
        await enqueueDeliveries(tx, event, [{ channel: 'sre-mail', channelType: 'email', recipient: RECIPIENT, language: 'en', subject: 'Outage', body: 'acme-web is down' }], now);
      });
      await until('the old notifier sending', () => smtp.waiting() === 1);

      // The reload, as SIGHUP does it, while the message waits for its answer. Once it stops the
      // old runtime, the notifications job turns on: a new notifier made current beside the old
      // one's run would find the message still due.
      let stopAsked = false;
      const old = current;
      const reloading = reload(base, { ...old, stop: () => ((stopAsked = true), old.stop()) }, file, (next) => (current = next));
      await until('the reload stopping the old runtime', () => stopAsked);
      const turns = async (count: number, orUntil: () => boolean = () => false) => {
        const before = Date.now();
        await until('turns of the notifications job', () => orUntil() || Date.now() - before >= count * TIMING.deliverEveryMs);
      };
      await turns(100, () => current !== old);
      await turns(30);
      smtp.release();
      expect(await reloading).toMatchObject({ ok: true });
      await until('the message recorded as sent', async () => (await store.db.select({ status: store.t.notificationOutbox.status }).from(store.t.notificationOutbox)).every((row) => row.status === 'sent'));
      await turns(30);
      smtp.release();

      expect(smtp.messages.map((message) => message.rcptTo)).toEqual([[RECIPIENT]]);
    });
  });
}
