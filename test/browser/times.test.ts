import { describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, SKIP_MESSAGE, siteInBrowser } from './harness.ts';

// Times as clients in Québec read them: the zone in words, "8 h" rather than "08 h 00", and a
// time never broken across two lines.

if (!HAVE_CHROMIUM) console.warn(SKIP_MESSAGE);

describe.skipIf(!HAVE_CHROMIUM)('times on the status page', () => {
  const world = siteInBrowser();

  it('names the zone in words, in French and in English', async () => {
    const page = await world.browser.context.newPage();
    await page.goto(`${world.site.url}/?lang=fr`);
    const french = await page.locator('body').innerText();
    expect(french).toContain('heure de l’Est');
    expect(french).not.toContain('America/Toronto');
    await page.goto(`${world.site.url}/?lang=en`);
    const english = await page.locator('body').innerText();
    expect(english).toContain('Eastern Time');
    expect(english).not.toContain('America/Toronto');
    await page.close();
  });

  it('writes French times in the Québec style: "12 h", "22 h", never "08 h 00"', async () => {
    const page = await world.browser.context.newPage();
    await page.goto(`${world.site.url}/?lang=fr`);
    const times = (await page.locator('time').allInnerTexts()).map((text) => text.replace(/\u00a0/g, ' '));
    expect(times).toContain('18 nov. 2026, 22 h HNE');
    expect(times).toContain('18 nov. 2026, 23 h 30 HNE');
    for (const time of times) expect(time, time).not.toMatch(/\b0\d h|h 00\b/);
    await page.close();
  });

  it('never breaks a time across two lines, even at 360 px', async () => {
    const page = await world.browser.context.newPage();
    await page.setViewportSize({ width: 360, height: 800 });
    for (const language of ['fr', 'en']) {
      await page.goto(`${world.site.url}/?lang=${language}`);
      const broken = await page.evaluate(() =>
        Array.from(document.querySelectorAll('time')).flatMap((element) => {
          const text = element.textContent ?? '';
          // A line may break after the comma between the date and the time, nowhere else.
          if (text.split(', ').some((segment) => /[ \t\n]/.test(segment))) return [`breakable: ${text}`];
          // And the time itself is drawn on one line.
          const node = element.firstChild!;
          const range = document.createRange();
          range.setStart(node, text.lastIndexOf(', ') + 2);
          range.setEnd(node, text.length);
          const tops = new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top)));
          return tops.size > 1 ? [`split: ${text}`] : [];
        }),
      );
      expect(broken, language).toEqual([]);
      expect(await page.locator('.banner-meta time').count(), language).toBe(1);
    }
    await page.close();
  });
});
