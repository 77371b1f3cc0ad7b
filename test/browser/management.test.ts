import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, SKIP_MESSAGE, launchBrowser, screenshot, seriousViolations, startSite, watchErrors, type Browser, type Site } from './harness.ts';

if (!HAVE_CHROMIUM) console.warn(SKIP_MESSAGE);

describe.skipIf(!HAVE_CHROMIUM)('sign-in, the report and the SRE forms in Chromium', () => {
  let site: Site;
  let browser: Browser;
  beforeAll(async () => {
    site = await startSite();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('signs a viewer in with a token and shows the month’s report, accessible and printable', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${site.url}/reports/2026-11`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Jeton').fill(site.t.token('viewer', 'Direction'));
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${site.url}/reports/2026-11`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Rapport de disponibilité — novembre 2026');
    await expect(page.locator('.signed-in').textContent()).resolves.toBe('Connecté : Direction (viewer)');
    const acme = page.locator('section.report-env').first();
    await expect(acme.locator('tr', { hasText: 'Indisponibilité comptée (D)' }).locator('td').textContent()).resolves.toBe('30,000');
    await expect(acme.locator('tr', { hasText: 'Disponibilité' }).last().locator('td').textContent()).resolves.toBe('99,702 %');
    await expect(page.locator('svg.trend-svg').count()).resolves.toBe(2);
    // The session cookie is out of reach of scripts.
    const cookies = await browser.context.cookies(site.url);
    expect(cookies.find((cookie) => cookie.name === 'veille_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `report-${width}`);
    }
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'report-print');
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('link', { name: /Mois précédent/ }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Rapport de disponibilité — octobre 2026');
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(`${site.url}/`);
    expect((await browser.context.cookies(site.url)).some((cookie) => cookie.name === 'veille_session')).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lets an SRE register a window through the form; it appears on the public page', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/sign-in?next=/sre`);
    await page.getByLabel('Jeton').fill(site.t.token('sre', 'sre-claire'));
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${site.url}/sre`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('checkbox', { name: /Acme Construction/ }).check();
    await page.locator('#m-start').fill('2026-11-26T21:00');
    await page.locator('#m-end').fill('2026-11-26T23:00');
    await page.getByLabel('Impact (texte de l’avis)').fill('Mise à niveau du serveur de fichiers');
    await page.getByRole('button', { name: 'Enregistrer la maintenance' }).click();
    await page.waitForURL(/\/sre\?saved=1/);
    await expect(page.getByRole('status').textContent()).resolves.toBe('Enregistré.');
    await screenshot(page, 'sre-1280');

    // A refusal comes back on the form, naming the field.
    await page.getByRole('checkbox', { name: /Acme Construction/ }).check();
    await page.locator('#m-start').fill('2026-11-27T21:00');
    await page.locator('#m-end').fill('2026-11-27T20:00');
    await page.getByLabel('Impact (texte de l’avis)').fill('À l’envers');
    await page.getByRole('button', { name: 'Enregistrer la maintenance' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Fin : doit être après le début');

    await page.goto(`${site.url}/`);
    const window = page.locator('li.window', { hasText: 'Mise à niveau du serveur de fichiers' });
    await expect(window.count()).resolves.toBe(1);
    await expect(window.textContent()).resolves.toContain('26\u00a0nov.\u00a02026, 21\u00a0h\u00a0HNE');
    await expect(window.textContent()).resolves.toContain('2 h');
    await page.close();
  });
});
