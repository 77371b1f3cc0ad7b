import { describe, expect, it } from 'vitest';
import { SEED_NOW, STATUS_CONFIG_YAML, seedStatusWorld } from '../web/seed.ts';
import { HAVE_CHROMIUM, SKIP_MESSAGE, siteInBrowser } from './harness.ts';

// The French side is French throughout; and a mistyped address gets a page in the reader's
// language, with the same protections as every page.

if (!HAVE_CHROMIUM) console.warn(SKIP_MESSAGE);

describe.skipIf(!HAVE_CHROMIUM)('the page for an unknown address', () => {
  const world = siteInBrowser();

  it('speaks French on the French side, and English on the English one', async () => {
    const page = await world.browser.context.newPage();
    const response = await page.goto(`${world.site.url}/statut?lang=fr`);
    expect(response!.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('Page introuvable');
    const message = await page.locator('main').innerText();
    expect(message).toContain('Aucune page à l’adresse /statut.');
    expect(message).not.toMatch(/no route|GET/);
    await page.goto(`${world.site.url}/status-page?lang=en`);
    await expect(page.locator('main').innerText()).resolves.toContain('There is no page at /status-page.');
    await page.close();
  });

  it('carries the security headers of the status page', async () => {
    const page = await world.browser.context.newPage();
    const home = await page.goto(`${world.site.url}/`);
    const missing = await page.goto(`${world.site.url}/statut`);
    const guarded = ['content-security-policy', 'x-frame-options', 'x-content-type-options', 'referrer-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'permissions-policy'];
    const homeHeaders = await home!.allHeaders();
    const missingHeaders = await missing!.allHeaders();
    for (const name of guarded) {
      expect(homeHeaders[name], name).toBeTruthy();
      expect(missingHeaders[name], name).toBe(homeHeaders[name]);
    }
    await page.close();
  });
});

describe.skipIf(!HAVE_CHROMIUM)('feature names on the French side', () => {
  const configYaml = STATUS_CONFIG_YAML.replace(
    '      - { id: acme-login,',
    '      - { id: acme-reports, url: "https://acme.example.net/reports", role: feature, feature: reports, every: 1m, timeout: 5s }\n      - { id: acme-login,',
  );
  const world = siteInBrowser({ configYaml, now: SEED_NOW, seed: seedStatusWorld });

  it('names the reports feature "Rapports", not "Reports"', async () => {
    const page = await world.browser.context.newPage();
    await page.goto(`${world.site.url}/?lang=fr`);
    const components = await page.locator('table.checks tbody th').allInnerTexts();
    expect(components).toContain('Rapports');
    expect(components).not.toContain('Reports');
    await page.close();
  });
});
