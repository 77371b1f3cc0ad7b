import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shownAvailability, shownCoverage, shownOverrun } from '../../src/reports/shown-figures.ts';
import { DEFAULT_COVERAGE_MINIMUM } from '../../src/sla/coverage.ts';

// The README's rules section and docs/figures.md state the rounding rule, the holiday rules with
// their articles and the coverage rule; what they state is what veille does.

const DOCUMENTS = ['README.md', 'docs/figures.md'];
const read = (path: string) => readFileSync(path, 'utf8').replace(/\s+/g, ' ');

/** The articles the statutory-holiday specifications cite in their names ("LNT art. 60 4°", "Holidays Act s. 2"). */
function citedArticles(): string[] {
  const names = [...readFileSync('test/calendar/statutory-holidays.test.ts', 'utf8').matchAll(/\bit\('([^']*)'/g)].map((match) => match[1]!);
  const articles = names.flatMap((name) => [...name.matchAll(/art\. 60 \d°|fête nationale art\. 2|Holidays Act s\. 2/g)].map((match) => match[0]));
  return [...new Set(articles)];
}

describe('the rules as the README and docs/figures.md state them', () => {
  it('name every article a statutory-holiday specification cites', () => {
    const articles = citedArticles();
    expect(articles.length).toBeGreaterThanOrEqual(9);
    for (const path of DOCUMENTS) {
      const text = read(path);
      for (const article of articles) {
        const written = article === 'fête nationale art. 2' ? /Loi sur la fête nationale\*?, art\. 2/ : article === 'Holidays Act s. 2' ? /Holidays Act\*?( \(Canada\))?, s\. 2/ : new RegExp(article.replace('.', '\\.'));
        expect(text, `${path}: ${article}`).toMatch(written);
      }
    }
  });

  it('give the rounding example veille writes: 98.9996 % against 99 % is 98.999 %', () => {
    expect(shownAvailability({ businessMs: 1_000_000, downtimeMs: 10_004 }, 99).text).toBe('98.999');
    for (const path of DOCUMENTS) {
      const text = read(path);
      expect(text, path).toMatch(/98\.9996 % against (a )?99 %( target)? is (written )?98\.999 %/);
      expect(text, path).toMatch(/cut down, never rounded up/);
    }
  });

  it('give the coverage rule with the default minimum, cut down to 1 decimal, and overruns in seconds', () => {
    expect(shownCoverage({ observedMs: 9_499, businessMs: 10_000 }, DEFAULT_COVERAGE_MINIMUM).text).toBe('94.9');
    expect(shownOverrun(2_400)).toMatchObject({ text: '2.4', unit: 's' });
    for (const path of DOCUMENTS) {
      const text = read(path);
      expect(text, path).toMatch(new RegExp(`${DEFAULT_COVERAGE_MINIMUM}( %)? by default`));
      expect(text, path).toMatch(/cut down.*1 decimal/);
      expect(text, path).toMatch(/under 0\.1 min is written in seconds/);
      expect(text, path).toMatch(/coverage = \(?(business time − unmonitored time\) \/ business time|observedMs \/ businessMs)/);
    }
  });
});
