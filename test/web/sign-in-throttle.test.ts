import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/audit/audit-log.ts';
import { SIGN_IN_LIMITS } from '../../src/web/session/sign-in-throttle.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { browse, hiddenField, newJar } from './browser-session.ts';
import { SEED_NOW, STATUS_CONFIG_YAML, seedStatusWorld } from './seed.ts';

let t: TestApp;
beforeEach(async () => {
  t = createTestApp({ configYaml: STATUS_CONFIG_YAML, now: SEED_NOW });
  await seedStatusWorld(t.deps);
});
afterEach(() => t.close());

/** One sign-in through the form from `remoteAddress`: its status, Retry-After and page. */
async function attempt(token: string, remoteAddress: string) {
  const jar = newJar();
  const form = await browse(t, jar, '/sign-in', { remoteAddress });
  const result = await browse(t, jar, '/sign-in', { form: { token, csrf: hiddenField(form.text, 'csrf'), next: '/reports' }, remoteAddress });
  return { status: result.response.status, retryAfter: result.response.headers.get('retry-after'), text: result.text };
}

const guess = (i: number) => `veille_${String(i).padStart(5, '0')}guessguessguessguessguessguessg`;

describe('sign-in throttling', () => {
  it(`after ${SIGN_IN_LIMITS.perAddress} failures one address waits (429 + Retry-After), even with a good token; others do not`, async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) expect((await attempt(guess(i), '203.0.113.5')).status).toBe(401);
    const good = t.token('viewer', 'Marie');
    const held = await attempt(good, '203.0.113.5');
    expect(held.status).toBe(429);
    expect(held.retryAfter).toBe(String(SIGN_IN_LIMITS.windowMs / 1000));
    expect(held.text).toContain('Trop de tentatives échouées');
    expect((await attempt(good, '198.51.100.7')).status).toBe(303);

    t.setNow(t.now() + SIGN_IN_LIMITS.windowMs);
    expect((await attempt(good, '203.0.113.5')).status).toBe(303);
  });

  it('an IPv6 client is one client across its /64', async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) expect((await attempt(guess(i), `2001:db8:1:2::${i + 1}`)).status).toBe(401);
    expect((await attempt(guess(99), '2001:db8:1:2:ffff::9')).status).toBe(429);
    expect((await attempt(t.token('viewer'), '2001:db8:1:3::1')).status).toBe(303);
  });

  it(`after ${SIGN_IN_LIMITS.perPrefix} failures on one token prefix, that prefix waits from any address`, async () => {
    const prefix = 'veille_AbCdE';
    for (let i = 0; i < SIGN_IN_LIMITS.perPrefix; i++) expect((await attempt(`${prefix}${i}-rest-of-a-wrong-token`, `192.0.2.${i + 1}`)).status).toBe(401);
    const held = await attempt(`${prefix}zz-another-wrong-token`, '192.0.2.200');
    expect(held.status).toBe(429);
    expect(Number(held.retryAfter)).toBeGreaterThan(0);
    expect((await attempt(t.token('viewer'), '192.0.2.200')).status).toBe(303);
  });

  it('every failed attempt is audited with its address and token prefix, never the secret', async () => {
    await attempt('veille_WrongWrongWrong', '203.0.113.9');
    const failed = (await listAudit(t.deps.database.store)).filter((entry) => entry.action === 'session.sign-in-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ actor: 'anonymous', target: 'address:203.0.113.9', details: { tokenPrefix: 'veille_Wrong' } });
    expect(JSON.stringify(failed[0])).not.toContain('WrongWrongWrong');
  });
});
