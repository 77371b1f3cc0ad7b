import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSenders } from '../../src/notify/channels/index.ts';
import { createDeliveryWorker, type DeliveryWorker } from '../../src/notify/delivery-worker.ts';
import { mailboxKey } from '../../src/subscriptions/mailbox.ts';
import { SUBSCRIBE_LIMITS } from '../../src/subscriptions/subscription-limits.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { notifyConfigYaml } from './support/notify-fixture.ts';
import { startSmtpReceiver, type SmtpReceiver } from './support/smtp-receiver.ts';

// The public subscription form mails whatever address it is given: bounded per client, in all,
// and per mailbox with sub-addresses folded.

let smtp: SmtpReceiver;
let t: TestApp;
let worker: DeliveryWorker;
beforeEach(async () => {
  smtp = await startSmtpReceiver();
  t = createTestApp({ configYaml: notifyConfigYaml({ smtpPort: smtp.port }), now: '2026-11-16T12:00:00-05:00' });
  worker = createDeliveryWorker({ store: t.deps.database.store, config: t.config, senders: createSenders(t.config.notifications, { timeoutMs: 3_000, clock: t.now }), clock: t.now });
});
afterEach(async () => {
  t.close();
  await smtp.close();
});

/** POST /api/v1/subscriptions from `remoteAddress` (the socket's peer). */
async function subscribeFrom(remoteAddress: string, email: string) {
  const response = await t.app.request(
    '/api/v1/subscriptions',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) },
    { incoming: { socket: { remoteAddress } } },
  );
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as { error?: { code: string } } };
}

async function mailedTo(): Promise<string[]> {
  await worker.runOnce();
  return smtp.messages.flatMap((m) => m.rcptTo);
}

describe('subscription limits', () => {
  it('sub-addresses and case are one mailbox: victim+1@, victim+2@, VICTIM@ get one confirmation between them', async () => {
    expect(mailboxKey('Victim+news@Example.COM')).toBe('victim@example.com');
    const addresses = ['victim+1@example.org', 'victim+2@example.org', 'VICTIM@Example.org', 'victim+x@EXAMPLE.ORG'];
    for (const [i, email] of addresses.entries()) expect((await subscribeFrom(`192.0.2.${i + 1}`, email)).status).toBe(202);
    expect(await mailedTo()).toEqual(['victim+1@example.org']);

    t.setNow(t.now() + SUBSCRIBE_LIMITS.perMailbox.windowMs);
    expect((await subscribeFrom('192.0.2.9', 'victim+3@example.org')).status).toBe(202);
    expect(await mailedTo()).toEqual(['victim+1@example.org', 'victim+3@example.org']);
  });

  it(`one client may ask ${SUBSCRIBE_LIMITS.perClient.limit} times per window, then 429 with Retry-After; other clients go on`, async () => {
    for (let i = 0; i < SUBSCRIBE_LIMITS.perClient.limit; i++) expect((await subscribeFrom('203.0.113.5', `person${i}@example.net`)).status).toBe(202);
    const refused = await subscribeFrom('203.0.113.5', 'one-more@example.net');
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe('too_many_requests');
    expect(refused.retryAfter).toBe(String(SUBSCRIBE_LIMITS.perClient.windowMs / 1000));
    expect((await subscribeFrom('203.0.113.6', 'one-more@example.net')).status).toBe(202);
    expect(await mailedTo()).toHaveLength(SUBSCRIBE_LIMITS.perClient.limit + 1);
  });

  it(`in all, at most ${SUBSCRIBE_LIMITS.global.limit} requests per window, whatever the number of clients`, async () => {
    for (let i = 0; i < SUBSCRIBE_LIMITS.global.limit; i++) expect((await subscribeFrom(`10.0.${i >> 8}.${i & 255}`, `stranger${i}@example.com`)).status).toBe(202);
    const refused = await subscribeFrom('10.9.9.9', 'stranger-last@example.com');
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    t.setNow(t.now() + SUBSCRIBE_LIMITS.global.windowMs);
    expect((await subscribeFrom('10.9.9.9', 'stranger-last@example.com')).status).toBe(202);
  });

  it('the form says so too, with 429', async () => {
    const post = () =>
      t.app.request(
        '/subscriptions',
        { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email: 'lea@example.org', language: 'en' }).toString() },
        { incoming: { socket: { remoteAddress: '198.51.100.1' } } },
      );
    for (let i = 0; i < SUBSCRIBE_LIMITS.perClient.limit; i++) expect((await post()).status).toBe(200);
    const refused = await post();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe(String(SUBSCRIBE_LIMITS.perClient.windowMs / 1000));
    expect(await refused.text()).toContain('Too many subscription requests');
  });

  it('behind a trusted proxy, clients are told apart by X-Forwarded-For; from anyone else the header is ignored', async () => {
    t.close();
    t = createTestApp({ configYaml: `http:\n  trustedProxies: ["10.0.0.1"]\n${notifyConfigYaml({ smtpPort: smtp.port })}`, now: '2026-11-16T12:00:00-05:00' });
    const from = async (peer: string, forwardedFor: string, email: string) =>
      (
        await t.app.request(
          '/api/v1/subscriptions',
          { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: JSON.stringify({ email }) },
          { incoming: { socket: { remoteAddress: peer } } },
        )
      ).status;
    const limit = SUBSCRIBE_LIMITS.perClient.limit;
    for (let i = 0; i < limit; i++) expect(await from('10.0.0.1', '198.51.100.1, 10.0.0.1', `a${i}@example.com`)).toBe(202);
    expect(await from('10.0.0.1', '198.51.100.1', 'a-last@example.com')).toBe(429);
    expect(await from('10.0.0.1', '198.51.100.2', 'b@example.com')).toBe(202);
    // Not through the proxy: the header is the client's own word, and counts for nothing.
    for (let i = 0; i < limit; i++) expect(await from('203.0.113.7', `192.0.2.${i}`, `c${i}@example.com`)).toBe(202);
    expect(await from('203.0.113.7', '192.0.2.99', 'c-last@example.com')).toBe(429);
  });
});
