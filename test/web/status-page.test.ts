import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeResults } from '../../src/history/result-history.ts';
import { backgroundBuilds, createTestApp, type TestApp } from '../support/test-app.ts';
import { SECRET, SEED_NOW, STATUS_CONFIG_YAML, seedStatusWorld } from './seed.ts';
import { seedOutage } from '../support/seed-outage.ts';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

let t: TestApp;
beforeEach(async () => {
  t = createTestApp({ configYaml: STATUS_CONFIG_YAML, now: SEED_NOW });
  await seedStatusWorld(t.deps);
});
afterEach(() => t.close());

async function page(headers: Record<string, string> = {}, path = '/') {
  const response = await t.app.request(path, { headers });
  return { response, html: await response.text() };
}

describe('GET / — the public status page', () => {
  it('is a complete HTML page in French by default, with the banner and each public production environment', async () => {
    const { response, html } = await page();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.startsWith('<!DOCTYPE html><html lang="fr-CA">')).toBe(true);
    // Sign-in is slow (degraded), nothing is down: the banner says degraded, with a symbol and words.
    expect(html).toContain('<h1 id="banner-title" class="banner-title">Performances dégradées</h1>');
    expect(html).toContain('<bdi>Acme Construction</bdi>');
    expect(html).toContain('<bdi>Application</bdi>');
    expect(html).toContain('<bdi>Base de données</bdi>');
    expect(html).toContain('<bdi>Connexion et authentification</bdi>');
    expect(html).toContain('<td class="num">120 ms</td>');
    expect(html).toContain('Heures indiquées : heure de l’Est.');
  });

  it('draws 90 daily bars with the counted minutes as text, and the month figure against the target', async () => {
    const { html } = await page();
    // 90 bars for wide screens, the last 30 again for phones.
    expect(html.match(/<rect class="bar bar-/g)).toHaveLength(90 + 30);
    // 10 Nov: 30 counted minutes (above 1 % of the 480-minute day); 12 Nov: excluded, so none.
    expect(html).toMatch(/<rect class="bar bar-major"[^>]*><title>mar\. 10 nov\. 2026 : 30 min d’indisponibilité comptée<\/title>/);
    expect(html).toContain('<title>jeu. 12 nov. : 0 min</title>');
    expect(html).toContain('<title>sam. 14 nov. : fermé</title>');
    expect(html).toContain('1 jour avec indisponibilité, 30 min au total sur 90 jours.');
    // November 2026: B = 10,080 min, D = 30 min → 99.702 %; budget 100.8, left 70.8.
    expect(html).toContain('<dd class="figure-main">99,702 %</dd>');
    expect(html).toContain('70,8 min ouvrables sur 100,8 min permises');
    expect(html).toContain('cible atteinte');
  });

  it('lists the upcoming window with its times, duration, impact and when the notice was sent', async () => {
    const { html } = await page();
    expect(html).toContain('18\u00a0nov.\u00a02026, 22\u00a0h\u00a0HNE');
    expect(html).toContain('<dd>1 h 30 min</dd>');
    expect(html).toContain('Mise à jour de la base de données ; connexion impossible pendant 90 minutes.');
    expect(html).toContain('<dt>Avis envoyé le</dt><dd><time datetime="2026-11-15T17:00:00.000Z">15\u00a0nov.\u00a02026, 12\u00a0h\u00a0HNE</time>');
  });

  it('shows the open public incident with its updates, newest first', async () => {
    const { html } = await page();
    expect(html).toContain('<bdi>Lenteurs à la connexion</bdi>');
    const update = html.indexOf('Nous avons identifié un index manquant.');
    const opened = html.indexOf('Nous enquêtons sur le problème.');
    expect(update).toBeGreaterThan(0);
    expect(opened).toBeGreaterThan(update);
  });

  it('never shows a private or non-production environment, a URL, a check id, a client or who wrote what', async () => {
    const { html } = await page();
    for (const secret of [SECRET.privateEnvironmentName, SECRET.privateClient, SECRET.publicClient, SECRET.url, 'Staging shown nowhere', 'Private trouble at Globex', 'sre-alice', 'globex']) {
      expect(html).not.toContain(secret);
    }
    for (const id of SECRET.checkIds) expect(html).not.toContain(id);
  });

  it('speaks English by Accept-Language, in the reader’s locale, and by the visible switch, which is remembered', async () => {
    const british = await page({ 'accept-language': 'en-GB,en;q=0.8,fr;q=0.5' });
    expect(british.html).toContain('<html lang="en-GB">');
    expect(british.html).toContain('Degraded performance');
    expect(british.html).toContain('<title>Tue, 10 Nov 2026: 30 min of counted downtime</title>');
    expect(british.html).toContain('<title>Thu 12 Nov: 0 min</title>');
    expect(british.html).toContain('99.702 %');

    const switched = await page({}, '/?lang=en');
    expect(switched.html).toContain('<html lang="en-CA">');
    const cookie = switched.response.headers.getSetCookie().find((line) => line.startsWith('veille_lang=en'));
    expect(cookie).toMatch(/HttpOnly/i);
    const remembered = await page({ cookie: 'veille_lang=en', 'accept-language': 'fr-CA' });
    expect(remembered.html).toContain('Degraded performance');
    expect(remembered.html).toContain('<a href="/?lang=fr" hreflang="fr" lang="fr"');
  });

  it('is served with a CSP that forbids inline scripts and styles, and the page uses neither', async () => {
    const { response, html } = await page();
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(html).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
  });

  it('links a stylesheet served with its content hash, cacheable for a year', async () => {
    const { html } = await page();
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html)![1]!;
    expect(href).toMatch(/^\/assets\/status\.[0-9a-f]{12}\.css$/);
    const css = await t.app.request(href);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(css.headers.get('cache-control')).toContain('immutable');
    expect(await css.text()).toContain('@media print');
    expect(html).toContain('<link rel="icon" type="image/svg+xml" href="/assets/favicon.svg"/>');
    const icon = await t.app.request('/assets/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
  });

  it('is sent compressed to browsers that accept it, the same page once decoded', async () => {
    const plain = (await page()).html;
    for (const [accept, encoding, decode] of [
      ['gzip, deflate, br', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
    ] as const) {
      const response = await t.app.request('/', { headers: { 'accept-encoding': accept } });
      expect(response.headers.get('content-encoding')).toBe(encoding);
      expect(response.headers.get('vary')).toContain('Accept-Encoding');
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.length).toBeLessThan(plain.length / 4);
      expect(decode(bytes).toString('utf8')).toBe(plain);
    }
    const refused = await t.app.request('/', { headers: { 'accept-encoding': 'br;q=0, identity' } });
    expect(refused.headers.get('content-encoding')).toBeNull();
  });

  it('answers 304 to a reader who has the current version', async () => {
    const first = await page();
    const etag = first.response.headers.get('etag')!;
    const again = await t.app.request('/', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });
});

describe('GET / — what the cached page follows', () => {
  it('shows a window registered through the API at once', async () => {
    await page();
    const sre = t.token('sre');
    const created = await t.call('POST', '/api/v1/maintenance', {
      token: sre,
      body: { environments: ['acme-prod'], start: '2026-11-20T20:00:00-05:00', end: '2026-11-20T21:00:00-05:00', impact: 'Remplacement du répartiteur de charge' },
    });
    expect(created.status).toBe(201);
    expect((await page()).html).toContain('Remplacement du répartiteur de charge');
  });

  it('shows new probe results once the short refresh interval has passed and the next snapshot is built', async () => {
    await page();
    await seedOutage(t.deps.database, { checkId: 'acme-web', envId: 'acme-prod', start: t.now() - 60_000, end: null, lastDownAt: t.now(), source: 'probe', reason: 'HTTP 500', createdBy: 'monitor', createdAt: t.now() });
    storeResults(t.deps.database.sqlite, [{ checkId: 'acme-web', envId: 'acme-prod', at: t.now(), status: 'down', latencyMs: null, reason: 'HTTP 500' }]);
    // Within the refresh interval the page may lag the results…
    expect((await page()).html).toContain('banner-degraded');
    t.setNow(t.now() + 5_000);
    // …then the next reader is still answered at once from the snapshot that is ready, and a
    // new one is built in the background…
    expect((await page()).html).toContain('banner-degraded');
    await backgroundBuilds();
    // …where an availability check down makes the only public environment a major outage.
    const { html } = await page();
    expect(html).toContain('banner-major_outage');
    expect(html).toContain('<span class="state state-major_outage"><span class="state-symbol" aria-hidden="true">✕</span>Hors service</span>');
  });
});

describe('unknown addresses', () => {
  it('are a page for browsers and JSON for programs and under /api', async () => {
    const t = createTestApp();
    try {
      const page = await t.app.request('/statut', { headers: { accept: 'text/html,application/xhtml+xml' } });
      expect(page.status).toBe(404);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(await page.text()).toContain('/statut');
      const program = await t.app.request('/statut');
      expect(program.status).toBe(404);
      expect((await program.json()).error.code).toBe('not_found');
      const api = await t.app.request('/api/v1/nothing', { headers: { accept: 'text/html' } });
      expect(api.status).toBe(404);
      expect((await api.json()).error.code).toBe('not_found');
    } finally {
      t.close();
    }
  });

  it('get a page with the security headers of every page, wherever the address points', async () => {
    const t = createTestApp();
    try {
      const html = { headers: { accept: 'text/html,application/xhtml+xml' } };
      const home = await t.app.request('/', html);
      const guarded = ['content-security-policy', 'x-frame-options', 'x-content-type-options', 'referrer-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'permissions-policy'];
      for (const name of guarded) expect(home.headers.get(name), name).toBeTruthy();
      for (const path of ['/statut', '/sre/nothing', '/reports/2026-11/nothing', '/assets/nothing.css']) {
        const missing = await t.app.request(path, html);
        expect(missing.status, path).toBe(404);
        for (const name of guarded) expect(missing.headers.get(name), `${path} ${name}`).toBe(home.headers.get(name));
      }
    } finally {
      t.close();
    }
  });
});
