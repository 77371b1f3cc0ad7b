import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HAVE_JAVA, nuProblems } from '../support/nu-checker.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { browse, newJar, signIn } from './browser-session.ts';
import { SEED_NOW, STATUS_CONFIG_YAML, seedStatusWorld } from './seed.ts';

// The SRE console and the sign-in page as the Nu Html Checker reads them, including forms shown
// again after a refusal with values no datetime-local field may hold.

let t: TestApp;
beforeEach(async () => {
  t = createTestApp({ configYaml: STATUS_CONFIG_YAML, now: SEED_NOW });
  await seedStatusWorld(t.deps);
});
afterEach(() => t.close());

describe.skipIf(!HAVE_JAVA)('the SRE console passes the Nu Html Checker', () => {
  it('has no error or warning, in both languages, with forms refused and shown again', async () => {
    const { jar, csrf } = await signIn(t, 'sre');
    const viewer = await signIn(t, 'viewer');
    const pages: Record<string, string> = {
      sre: (await browse(t, jar, '/sre')).text,
      'sre-en': (await browse(t, jar, '/sre?lang=en')).text,
      'sre-refused-window': (await browse(t, jar, '/sre/maintenance', { form: { environments: ['acme-prod'], start: 'tomorrow', end: '2026-13-45T25:00', impact: 'x', noticeSentAt: '16/11', csrf } })).text,
      'sre-refused-exclusion': (await browse(t, jar, '/sre/outages/1/exclusions', { form: { reason: 'bad_luck', justification: 'x', start: 'soon', csrf } })).text,
      'sre-refused-incident': (await browse(t, jar, '/sre/incidents', { form: { title: 'x', priority: 'V', openedAt: 'hier', csrf } })).text,
      incident: (await browse(t, jar, '/sre/incidents/1')).text,
      'incident-refused': (await browse(t, jar, '/sre/incidents/1/respond', { form: { at: 'tomorrow morning', csrf } })).text,
      'sign-in': (await browse(t, newJar(), '/sign-in?next=/sre')).text,
      'sign-in-refused': (await browse(t, viewer.jar, '/sre')).text,
    };
    expect(pages['sre-refused-window']).toContain('<strong>start</strong>');
    expect(nuProblems(pages)).toEqual([]);
    // The checker is a Java program: its start-up alone takes seconds on a busy machine.
  }, 120_000);
});
