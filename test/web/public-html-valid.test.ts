import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HAVE_JAVA, nuProblems } from '../support/nu-checker.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { browse, newJar, signIn } from './browser-session.ts';
import { SEED_NOW, STATUS_CONFIG_YAML, seedStatusWorld } from './seed.ts';

// What clients and managers read, as the Nu Html Checker reads it: the status page, the page
// for an unknown address, the subscription pages and the monthly report, in both languages.

let t: TestApp;
beforeEach(async () => {
  t = createTestApp({ configYaml: STATUS_CONFIG_YAML, now: SEED_NOW });
  await seedStatusWorld(t.deps);
});
afterEach(() => t.close());

describe.skipIf(!HAVE_JAVA)('the public pages and the report pass the Nu Html Checker', () => {
  it('have no error or warning, in both languages', async () => {
    const html = { headers: { accept: 'text/html,application/xhtml+xml' } };
    const viewer = await signIn(t, 'viewer');
    const pages: Record<string, string> = {
      status: (await browse(t, newJar(), '/?lang=fr')).text,
      'status-en': (await browse(t, newJar(), '/?lang=en')).text,
      'not-found': await (await t.app.request('/statut?lang=fr', html)).text(),
      'not-found-en': await (await t.app.request('/statut?lang=en', html)).text(),
      report: (await browse(t, viewer.jar, '/reports/2026-11?lang=fr')).text,
      'report-en': (await browse(t, viewer.jar, '/reports/2026-11?lang=en')).text,
      'report-bad-month': (await browse(t, viewer.jar, '/reports/2026-13')).text,
      subscribe: (await browse(t, newJar(), '/subscriptions?lang=fr')).text,
      'subscribe-en': (await browse(t, newJar(), '/subscriptions?lang=en')).text,
      'subscribe-refused': (await browse(t, newJar(), '/subscriptions', { form: { email: 'jeanne@localhost', language: 'fr' } })).text,
      'subscribe-unavailable': (await browse(t, newJar(), '/subscriptions', { form: { email: 'jeanne@example.org', language: 'fr' } })).text,
      confirm: (await browse(t, newJar(), '/subscriptions/confirm?token=x&lang=fr')).text,
    };
    expect(pages['subscribe-refused']).toContain('n’est pas une adresse courriel');
    expect(pages['subscribe-unavailable']).toContain('ne sont pas offerts ici');
    expect(pages.status).toContain('Acme Construction');
    expect(pages.report).toContain('Acme Construction');
    expect(nuProblems(pages)).toEqual([]);
  }, 120_000);
});
