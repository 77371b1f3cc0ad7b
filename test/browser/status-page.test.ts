import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { HAVE_CHROMIUM, SKIP_MESSAGE, launchBrowser, screenshot, seriousViolations, startSite, watchErrors, type Browser, type Site } from './harness.ts';

if (!HAVE_CHROMIUM) console.warn(SKIP_MESSAGE);

describe.skipIf(!HAVE_CHROMIUM)('the status page in Chromium', () => {
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

  it('renders the states from the seeded database, without a console error or CSP violation', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    const response = await page.goto(`${site.url}/`);
    expect(response!.status()).toBe(200);
    await expect(page.locator('h1#banner-title').textContent()).resolves.toBe('Performances dégradées');
    const rows = await page.locator('table.checks tbody tr').allInnerTexts();
    expect(rows.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual([
      'Application ✓ Opérationnel 120 ms',
      'Base de données ✓ Opérationnel 4 ms',
      'Connexion et authentification ! Dégradé 2 300 ms',
    ]);
    // The stylesheet applied: the banner has its colour, so the CSP let it load.
    const background = await page.locator('.banner').evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(background).toBe('rgb(122, 79, 0)');
    await expect(page.locator('.bars-wide .bars-svg rect.bar').count()).resolves.toBe(90);
    await expect(page.locator('.bars-wide .bars-svg rect.bar-major title').textContent()).resolves.toBe('mar. 10 nov. 2026 : 30 min d’indisponibilité comptée');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('switches to English with the visible link, and remembers it', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/`);
    await page.getByRole('link', { name: 'Read this page in English' }).click();
    await page.waitForURL(`${site.url}/?lang=en`);
    await expect(page.locator('h1#banner-title').textContent()).resolves.toBe('Degraded performance');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en-CA');
    await page.goto(`${site.url}/`);
    await expect(page.locator('h1#banner-title').textContent()).resolves.toBe('Degraded performance');
    await page.getByRole('link', { name: 'Lire cette page en français' }).click();
    await expect(page.locator('h1#banner-title').textContent()).resolves.toBe('Performances dégradées');
    await page.close();
  });

  for (const width of [360, 1280]) {
    it(`has no serious accessibility violation at ${width} px, and is screenshotted`, async () => {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${site.url}/`);
      expect(await seriousViolations(page)).toEqual([]);
      // Nothing wider than the screen.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(existsSync(await screenshot(page, `status-page-${width}`))).toBe(true);
      await page.close();
    });
  }
});

describe.skipIf(!HAVE_CHROMIUM)('the status page with JavaScript turned off', () => {
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

  it('shows every state, names the days with downtime and switches language', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/`);
    await expect(page.locator('h1#banner-title').textContent()).resolves.toBe('Performances dégradées');
    expect(await page.locator('table.checks tbody tr').count()).toBe(3);
    await expect(page.locator('.bars-summary').first().textContent()).resolves.toContain('mar. 10 nov. 2026 : 30 min d’indisponibilité comptée');
    await page.getByRole('link', { name: 'Read this page in English' }).click();
    await page.waitForURL(`${site.url}/?lang=en`);
    await expect(page.locator('h1#banner-title').textContent()).resolves.toBe('Degraded performance');
    await page.close();
  });
});
