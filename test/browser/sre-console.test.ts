import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, SKIP_MESSAGE, launchBrowser, screenshot, seriousViolations, startSite, watchErrors, type Browser, type Site } from './harness.ts';

if (!HAVE_CHROMIUM) console.warn(SKIP_MESSAGE);

// The support desk in Chromium with JavaScript turned off: every action is a plain form.
describe.skipIf(!HAVE_CHROMIUM)('the SRE console’s incidents in Chromium, without JavaScript', () => {
  let site: Site;
  let browser: Browser;
  beforeAll(async () => {
    site = await startSite();
    browser = await launchBrowser({ javaScriptEnabled: false });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('a viewer refused on /sre signs in with another token from the same page, in the language chosen there', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(5_000);
    await page.goto(`${site.url}/sign-in?next=/sre`);
    await expect(page.title()).resolves.toBe('Connexion à la console SRE');
    await page.getByLabel('Jeton').fill(site.t.token('viewer', 'vera'));
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${site.url}/sre`);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('vera (rôle viewer)');
    await page.getByRole('link', { name: 'Read this page in English' }).click();
    await expect(page.title()).resolves.toBe('Sign in to the SRE console');
    await page.getByLabel('Token').fill(site.t.token('sre', 'sre-dora'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${site.url}/sre`);
    await expect(page.locator('.signed-in').textContent()).resolves.toBe('Signed in: sre-dora (sre)');
    await page.close();
  });

  it('opens an incident, records the response, changes its priority and resolves it, the clocks shown all along', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(5_000);
    const errors = watchErrors(page);
    // The language chosen before is remembered: back to French.
    await page.goto(`${site.url}/sign-in?next=/sre&lang=fr`);
    await page.getByLabel('Jeton').fill(site.t.token('sre', 'sre-claire'));
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${site.url}/sre`);
    const open = page.locator('table.incident-table').first();
    await expect(open.locator('tr', { hasText: 'Lenteurs à la connexion' }).textContent()).resolves.toContain('en retard de 30 min');

    await page.getByText('Ouvrir un incident').click();
    const form = page.locator('form[action="/sre/incidents"]');
    await form.getByLabel('Titre').fill('Exportation comptable impossible');
    await form.getByLabel('Priorité').selectOption('II');
    await form.getByLabel('Nature').selectOption('help');
    await form.getByLabel('Canal').selectOption('email');
    await form.getByRole('checkbox', { name: /Acme Construction/ }).check();
    await form.getByRole('checkbox', { name: /Public/ }).check();
    await form.getByRole('button', { name: 'Ouvrir l’incident' }).click();
    await page.waitForURL(/\/sre\/incidents\/\d+\?saved=1$/);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/^Incident n° \d+ — Exportation comptable impossible$/);
    await expect(page.locator('.facts').textContent()).resolves.toContain('reste 1 h');

    await page.locator('form[action$="/respond"]').getByLabel('Message (facultatif)').fill('Nous regardons.');
    await page.getByRole('button', { name: 'Consigner la réponse' }).click();
    await page.waitForURL(/\?saved=1$/);
    await expect(page.locator('.facts').textContent()).resolves.toContain('✓ respectée');

    await page.getByLabel('Nouvelle priorité').selectOption('I');
    await page.getByLabel('Motif du changement').fill('Bloque la paie');
    await page.getByRole('button', { name: 'Changer la priorité' }).click();
    await page.waitForURL(/\?saved=1$/);
    await expect(page.locator('.facts').textContent()).resolves.toContain('PrioritéI');

    await page.locator('form[action$="/updates"]').getByLabel('Message').fill('Correctif en place.');
    await page.getByRole('button', { name: 'Publier' }).click();
    await page.waitForURL(/\?saved=1$/);
    await page.getByRole('button', { name: 'Résoudre l’incident' }).click();
    await page.waitForURL(/\?saved=1$/);
    await expect(page.locator('.timeline').textContent()).resolves.toContain('Résolution');
    await page.getByRole('link', { name: 'Retour à la console SRE' }).click();
    const resolved = page.locator('table.incident-table').last();
    await expect(resolved.textContent()).resolves.toContain('Exportation comptable impossible');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('has no serious accessibility violation on the console and an incident, at 360 and 1280 px', async () => {
    // axe runs as a script: a second browser, with JavaScript, reads the same pages.
    const reader = await launchBrowser();
    try {
      const page = await reader.context.newPage();
      await page.goto(`${site.url}/sign-in?next=/sre`);
      await page.getByLabel('Jeton').fill(site.t.token('sre', 'sre-axe'));
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL(`${site.url}/sre`);
      await page.getByText('Ouvrir un incident').click();
      for (const path of ['/sre', '/sre/incidents/1']) {
        if (path !== '/sre') await page.goto(`${site.url}${path}`);
        for (const width of [360, 1280]) {
          await page.setViewportSize({ width, height: 800 });
          expect(await seriousViolations(page)).toEqual([]);
          await screenshot(page, `${path.slice(1).replaceAll('/', '-')}-${width}`);
        }
      }
    } finally {
      await reader.close();
    }
  }, 60_000);
});
