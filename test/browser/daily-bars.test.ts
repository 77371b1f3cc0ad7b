import { describe, expect, it } from 'vitest';
import { seedOutage } from '../support/seed-outage.ts';
import type { TestDeps } from '../support/test-app.ts';
import { environmentsSeen } from '../../src/store/schema/index.ts';
import { instant } from '../../src/time/iso.ts';
import { HAVE_CHROMIUM, SKIP_MESSAGE, siteInBrowser } from './harness.ts';

// The 90 daily bars, as a reader sees them: every colour explained, every bar visible against
// its background, the days with counted downtime named in words, and usable on a phone.

if (!HAVE_CHROMIUM) console.warn(SKIP_MESSAGE);

const environment = (k: number) => `
  - id: env-${k}
    name: Client ${k} production
    type: production
    public: true
    slaStart: "2026-01-01T00:00:00-05:00"
    checks:
      - { id: web-${k}, url: "https://c${k}.example.net/health", every: 30s, timeout: 5s }
      - { id: db-${k}, url: "tcp://c${k}.example.net:5432", every: 30s, timeout: 5s }
      - { id: login-${k}, url: "https://c${k}.example.net/login", role: feature, feature: login, every: 1m, timeout: 5s }`;
const CONFIG = `target: 99\nenvironments:${[1, 2, 3, 4].map(environment).join('')}\n`;

/** Monitoring began on 1 November; an outage of 10 min recorded by hand on 20 October counts. */
async function fourEnvironments(deps: TestDeps) {
  for (const k of [1, 2, 3, 4]) deps.database.db.insert(environmentsSeen).values({ envId: `env-${k}`, firstSeenAt: instant('2026-11-01T00:00:00-04:00') }).run();
  await seedOutage(deps.database, { checkId: 'web-1', envId: 'env-1', start: instant('2026-10-20T10:00:00-04:00'), end: instant('2026-10-20T10:10:00-04:00'), source: 'manual', reason: 'client report', createdBy: 'sre-alice', createdAt: deps.clock() });
  await seedOutage(deps.database, { checkId: 'web-2', envId: 'env-2', start: instant('2026-11-10T10:00:00-05:00'), end: instant('2026-11-10T11:00:00-05:00'), source: 'probe', reason: 'HTTP 503', createdBy: 'monitor', createdAt: deps.clock() });
}

const contrast = (a: number[], b: number[]) => {
  const luminance = ([r, g, b]: number[]) => {
    const [R, G, B] = [r!, g!, b!].map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
    return 0.2126 * R! + 0.7152 * G! + 0.0722 * B!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};
const rgb = (css: string) => (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);

describe.skipIf(!HAVE_CHROMIUM)('the daily bars', () => {
  const world = siteInBrowser({ configYaml: CONFIG, now: '2026-11-16T12:00:00-05:00', seed: fourEnvironments });

  for (const width of [360, 1280]) {
    it(`explain every colour shown and stand out from their background at ${width} px`, async () => {
      const page = await world.browser.context.newPage();
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${world.site.url}/?lang=fr`);
      const seen = await page.evaluate(() => {
        const visible = Array.from(document.querySelectorAll('.bars-svg rect.bar')).filter((rect) => rect.getBoundingClientRect().width > 0);
        return visible.map((rect) => {
          const style = getComputedStyle(rect);
          const card = getComputedStyle(rect.closest('.env')!).backgroundColor;
          const level = Array.from(rect.classList).find((name) => name.startsWith('bar-'))!;
          return { level, fill: style.fill, stroke: style.stroke, card, width: rect.getBoundingClientRect().width };
        });
      });
      const legend = await page.evaluate(() => Array.from(document.querySelectorAll('.legend .swatch')).map((swatch) => Array.from(swatch.classList).find((name) => name.startsWith('bar-'))));
      const levels = new Set(seen.map((bar) => bar.level));
      expect(levels.size).toBeGreaterThanOrEqual(4);
      for (const level of levels) expect(legend, level).toContain(level);
      for (const bar of seen) {
        const drawn = bar.fill === 'none' || rgb(bar.fill).every((v) => v === 255) ? bar.stroke : bar.fill;
        expect(contrast(rgb(drawn), rgb(bar.card)), `${bar.level} ${drawn}`).toBeGreaterThanOrEqual(3);
        // Not hairlines: a finger or a tooltip can find each bar.
        expect(bar.width, bar.level).toBeGreaterThanOrEqual(width < 600 ? 6 : 5);
      }
      await page.close();
    });
  }

  it('names in words the days with counted downtime, even one before monitoring began', async () => {
    const page = await world.browser.context.newPage();
    await page.goto(`${world.site.url}/?lang=fr`);
    const names = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.bars-svg'))
        .filter((svg) => svg.getBoundingClientRect().width > 0)
        .map((svg) => (svg.getAttribute('aria-labelledby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ').replace(/\u00a0/g, ' ')),
    );
    expect(names).toHaveLength(4);
    expect(names[0]).toContain('mar. 20 oct. 2026 : 10 min');
    expect(names[0]).not.toContain('avant le début du suivi');
    expect(names[1]).toContain('mar. 10 nov. 2026 : 60 min');
    expect(names[2]).toContain('Aucune indisponibilité comptée');
    await page.close();
  });

  it('keeps a page of four environments short on a phone', async () => {
    const page = await world.browser.context.newPage();
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`${world.site.url}/?lang=fr`);
    // Each card was about 1,000 px tall there (90 hairline bars, a legend and a list per card).
    const cards = await page.locator('.env').evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().height));
    expect(cards).toHaveLength(4);
    for (const card of cards) expect(card).toBeLessThan(800);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeLessThan(4000);
    await page.close();
  });
});
