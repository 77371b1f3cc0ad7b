import { describe, expect, it } from 'vitest';
import { cancelWindowSchema } from '../../src/maintenance/window-input.ts';
import { cancelWindow } from '../../src/maintenance/window-service.ts';
import type { TestDeps } from '../support/test-app.ts';
import { SEED_NOW, STATUS_CONFIG_YAML, seedStatusWorld } from '../web/seed.ts';
import { HAVE_CHROMIUM, SKIP_MESSAGE, siteInBrowser } from './harness.ts';

// The feed read by a parser nobody here wrote: Chromium's XML parser (strict: any error is a
// <parsererror>), then RFC 4287's rules on what a feed and each entry must hold.

if (!HAVE_CHROMIUM) console.warn(SKIP_MESSAGE);

const CONFIG = `notifications:\n  publicUrl: https://status.aidi.example\n${STATUS_CONFIG_YAML}`;

async function withCancelledWindow(deps: TestDeps) {
  const seeded = await seedStatusWorld(deps);
  await cancelWindow({ store: deps.database.store }, seeded.windowId, cancelWindowSchema.parse({ reason: 'Reportée' }), { actor: 'sre-alice', now: deps.clock() });
  return seeded;
}

describe.skipIf(!HAVE_CHROMIUM)('the Atom feed, parsed by Chromium', () => {
  const world = siteInBrowser({ configYaml: CONFIG, now: SEED_NOW, seed: withCancelledWindow });

  for (const language of ['fr', 'en']) {
    it(`is well-formed Atom in ${language}, with every element RFC 4287 requires`, async () => {
      const page = await world.browser.context.newPage();
      const response = await page.goto(`${world.site.url}/feed.atom?lang=${language}`);
      const xml = await response!.text();
      const report = await page.evaluate((source) => {
        const ATOM = 'http://www.w3.org/2005/Atom';
        const doc = new DOMParser().parseFromString(source, 'application/xml');
        const problems: string[] = [];
        if (doc.getElementsByTagName('parsererror').length > 0) return { problems: [`not well-formed: ${doc.getElementsByTagName('parsererror')[0]!.textContent}`], entries: [] as string[] };
        const feed = doc.documentElement;
        if (feed.namespaceURI !== ATOM || feed.localName !== 'feed') problems.push('root is not atom:feed');
        const children = (parent: Element, name: string) => Array.from(parent.children).filter((child) => child.namespaceURI === ATOM && child.localName === name);
        const absolute = (iri: string) => {
          try {
            return new URL(iri).protocol.length > 1;
          } catch {
            return false;
          }
        };
        const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
        for (const name of ['id', 'title', 'updated']) if (children(feed, name).length !== 1) problems.push(`feed has ${children(feed, name).length} ${name}`);
        if (children(feed, 'author').length === 0) problems.push('feed has no author');
        if (!absolute(children(feed, 'id')[0]?.textContent ?? '')) problems.push('feed id is not an absolute IRI');
        const self = children(feed, 'link').filter((link) => link.getAttribute('rel') === 'self');
        if (self.length !== 1) problems.push('feed has no single rel=self');
        const ids = new Set<string>();
        const entries = children(feed, 'entry').map((entry) => {
          for (const name of ['id', 'title', 'updated']) if (children(entry, name).length !== 1) problems.push(`entry has ${children(entry, name).length} ${name}`);
          const id = children(entry, 'id')[0]?.textContent ?? '';
          if (!absolute(id)) problems.push(`entry id ${id} is not an absolute IRI`);
          if (ids.has(id)) problems.push(`entry id ${id} twice`);
          ids.add(id);
          for (const name of ['updated', 'published']) for (const when of children(entry, name)) if (!rfc3339.test(when.textContent ?? '')) problems.push(`${name} ${when.textContent} is not RFC 3339`);
          if (children(entry, 'link').filter((link) => (link.getAttribute('rel') ?? 'alternate') === 'alternate').length === 0 && children(entry, 'content').length === 0) problems.push('entry has neither alternate link nor content');
          return children(entry, 'title')[0]?.textContent ?? '';
        });
        return { problems, entries, lang: feed.getAttribute('xml:lang'), self: self[0]?.getAttribute('href') };
      }, xml);
      expect(report.problems).toEqual([]);
      expect(report).toMatchObject({ lang: language, self: `https://status.aidi.example/feed.atom?lang=${language}` });
      expect(report.entries).toContain(language === 'fr' ? 'Annulée — Maintenance : Acme Construction' : 'Cancelled — Maintenance: Acme Construction');
      await page.close();
    });
  }
});
