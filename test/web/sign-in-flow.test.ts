import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { browse, hiddenField, newJar, signIn } from './browser-session.ts';
import { SEED_NOW, STATUS_CONFIG_YAML, seedStatusWorld } from './seed.ts';

let t: TestApp;
beforeEach(async () => {
  t = createTestApp({ configYaml: STATUS_CONFIG_YAML, now: SEED_NOW });
  await seedStatusWorld(t.deps);
});
afterEach(() => t.close());

describe('signing in on the way to a page', () => {
  it('a viewer refused on /sre gets the sign-in form back to /sre, and another token gets in', async () => {
    const viewer = await signIn(t, 'viewer', 'vera');
    const refused = await browse(t, viewer.jar, '/sre');
    expect(refused.response.status).toBe(403);
    expect(refused.text).toContain('<title>Connexion à la console SRE</title>');
    expect(refused.text).toContain('Vous êtes connecté en tant que vera (rôle viewer)');
    expect(hiddenField(refused.text, 'next')).toBe('/sre');
    const again = await browse(t, viewer.jar, '/sign-in', { form: { token: t.token('sre', 'sam'), csrf: hiddenField(refused.text, 'csrf'), next: '/sre' } });
    expect(again.response.status).toBe(303);
    expect(again.response.headers.get('location')).toBe('/sre');
    const console = await browse(t, viewer.jar, '/sre');
    expect(console.response.status).toBe(200);
    expect(console.text).toContain('Connecté : sam (sre)');
  });

  it('the title says which page signing in leads to', async () => {
    const title = async (next: string) => /<title>([^<]*)<\/title>/.exec((await browse(t, newJar(), `/sign-in?next=${encodeURIComponent(next)}`)).text)![1];
    expect(await title('/sre')).toBe('Connexion à la console SRE');
    expect(await title('/sre/incidents/1')).toBe('Connexion à la console SRE');
    expect(await title('/reports/2026-11')).toBe('Connexion au rapport de gestion');
    expect(await title('/srength')).toBe('Connexion');
    const english = await browse(t, newJar(), '/sign-in?next=/sre&lang=en');
    expect(english.text).toContain('<h1>Sign in to the SRE console</h1>');
  });

  it('changing language on the sign-in page keeps where it leads', async () => {
    const jar = newJar();
    const page = await browse(t, jar, '/sign-in?next=%2Fsre%2Fincidents%2F1');
    const link = /<a href="([^"]*)" hreflang="en"/.exec(page.text)![1]!.replaceAll('&amp;', '&');
    expect(link).toBe('/sign-in?next=%2Fsre%2Fincidents%2F1&lang=en');
    const english = await browse(t, jar, link);
    expect(english.text).toContain('<html lang="en');
    expect(hiddenField(english.text, 'next')).toBe('/sre/incidents/1');
    // A stranger sent from /sre starts there.
    const redirect = (await t.app.request('/sre')).headers.get('location')!;
    expect(hiddenField((await browse(t, newJar(), redirect)).text, 'next')).toBe('/sre');
  });
});
