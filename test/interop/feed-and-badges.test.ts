import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { SEED_NOW, STATUS_CONFIG_YAML, seedStatusWorld } from '../web/seed.ts';

let t: TestApp;
beforeEach(async () => {
  t = createTestApp({ configYaml: STATUS_CONFIG_YAML, now: SEED_NOW });
  await seedStatusWorld(t.deps);
});
afterEach(() => t.close());

describe('GET /feed.atom', () => {
  it('is an Atom feed of the public incidents and windows, newest change first', async () => {
    const response = await t.app.request('/feed.atom');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await response.text();
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">')).toBe(true);
    // Without notifications.publicUrl: links from the site's root, ids as tag URIs (never the Host).
    expect(xml).toContain('<id>tag:veille,2026:/feed.atom?lang=fr</id>');
    expect(xml).toContain('<link rel="self" type="application/atom+xml" href="/feed.atom?lang=fr"/>');
    const ids = [...xml.matchAll(/<entry>\s*<id>([^<]+)<\/id>/g)].map((match) => match[1]);
    expect(ids).toEqual(['tag:veille,2026:/?lang=fr#incident-1', 'tag:veille,2026:/?lang=fr#maintenance-1']);
    expect(xml).toContain('<title>Enquête en cours — Lenteurs à la connexion</title>');
    expect(xml).toContain('<title>À venir — Maintenance : Acme Construction</title>');
    expect(xml).toContain('Avis envoyé le : 15\u00a0nov.\u00a02026, 12\u00a0h\u00a0HNE');
    // Every entry carries the elements RFC 4287 requires.
    expect(xml.match(/<entry>/g)).toHaveLength(2);
    expect(xml.match(/<updated>/g)).toHaveLength(3);
  });

  it('is in English when asked', async () => {
    const xml = await (await t.app.request('/feed.atom?lang=en')).text();
    expect(xml).toContain('xml:lang="en"');
    expect(xml).toContain('<title>Upcoming — Maintenance: Acme Construction</title>');
  });
});

describe('SVG badges', () => {
  it('status.svg gives the state in words, with a title for screen readers', async () => {
    const response = await t.app.request('/badge/acme-prod/status.svg?lang=en');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const svg = await response.text();
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('role="img" aria-label="Acme Construction: Degraded performance"');
    expect(svg).toContain('<text x="');
  });

  it('availability.svg gives the month’s availability with 3 decimals and the share observed, this month by default', async () => {
    const current = await (await t.app.request('/badge/acme-prod/availability.svg?lang=en')).text();
    expect(current).toContain('aria-label="Acme Construction 2026-11: 99.702 % · 100.0 % observed"');
    const october = await (await t.app.request('/badge/acme-prod/availability.svg?month=2026-10&lang=en')).text();
    expect(october).toContain('aria-label="Acme Construction 2026-10: 100.000 % · 100.0 % observed"');
    const future = await (await t.app.request('/badge/acme-prod/availability.svg?month=2027-01')).text();
    expect(future).toContain('aria-label="Acme Construction 2027-01: —"');
  });

  it('refuses a malformed month and unknown or private environments', async () => {
    const bad = await t.call('GET', '/badge/acme-prod/availability.svg?month=2026-1');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('month');
    expect((await t.app.request('/badge/globex-prod/availability.svg')).status).toBe(404);
    expect((await t.app.request('/badge/staging/status.svg')).status).toBe(404);
  });
});
