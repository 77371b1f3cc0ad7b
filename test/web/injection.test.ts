import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { SECRET, SEED_NOW, STATUS_CONFIG_YAML, seedStatusWorld } from './seed.ts';
import { browse, signIn } from './browser-session.ts';

// Text from the configuration and from people reaches every public document escaped, and
// without bidirectional overrides that could make "evil.exe‮gpj" read as something else.

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(2)>';
const BIDI = 'Maintenance \u202Efdp.exe\u202C terminée';

const HOSTILE_CONFIG = STATUS_CONFIG_YAML.replace('name: Acme Construction', `name: "Acme ${SCRIPT.replace(/"/g, '\\"')} \\u202Eevil"`);

const PUBLIC_PATHS = [
  '/',
  '/?lang=en',
  '/api/v2/summary.json',
  '/api/v2/status.json',
  '/api/v2/components.json',
  '/api/v2/incidents.json',
  '/api/v2/incidents/unresolved.json',
  '/api/v2/scheduled-maintenances.json',
  '/api/v2/scheduled-maintenances/upcoming.json',
  '/api/v2/scheduled-maintenances/active.json',
  '/feed.atom',
  '/badge/acme-prod/status.svg',
  '/badge/acme-prod/availability.svg',
  '/metrics',
];

let t: TestApp;
beforeEach(async () => {
  t = createTestApp({ configYaml: HOSTILE_CONFIG, now: SEED_NOW });
  await seedStatusWorld(t.deps, { impact: `${SCRIPT} ${IMG} ${BIDI}`, incidentTitle: `Incident ${IMG}`, updateMessage: `${SCRIPT} \u202Egnp.exe`, justification: `${IMG} \u202Eevil` });
});
afterEach(() => t.close());

async function get(path: string) {
  const response = await t.app.request(path);
  return { response, text: await response.text() };
}

describe('hostile names, impacts and incident texts', () => {
  it('are escaped on the page: no tag, no attribute breaks out', async () => {
    const { text } = await get('/');
    expect(text).not.toContain('<script');
    expect(text).not.toContain('<img');
    expect(text).not.toMatch(/<[^>]*\sonerror=/i);
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
  });

  it('lose their bidi overrides everywhere and sit in <bdi> on the page', async () => {
    for (const path of PUBLIC_PATHS) {
      const { response, text } = await get(path);
      expect(response.status, path).toBe(200);
      expect(text, path).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    }
    const { text } = await get('/');
    expect(text).toMatch(/<bdi>[^<]*Maintenance fdp\.exe terminée<\/bdi>/);
  });

  it('are escaped in the Atom feed and the SVG badges (XML), and stay plain data in JSON', async () => {
    const feed = (await get('/feed.atom')).text;
    expect(feed).not.toContain('<script');
    expect(feed).not.toContain('<img');
    expect(feed).toContain('&lt;script&gt;');
    const badge = (await get('/badge/acme-prod/status.svg')).text;
    expect(badge).not.toContain('<script');
    expect(badge).toContain('&lt;script&gt;');
    const summary = await get('/api/v2/summary.json');
    expect(summary.response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = JSON.parse(summary.text) as { components: Array<{ name: string }> };
    expect(body.components[0]!.name).toBe(`Acme ${SCRIPT} evil`);
  });
});

describe('hostile texts on the management pages', () => {
  it('are escaped and lose their bidi overrides on the report and the SRE page', async () => {
    const { jar } = await signIn(t, 'sre', `sre ${SCRIPT}`);
    for (const path of ['/reports/2026-11', '/sre']) {
      const { response, text } = await browse(t, jar, path);
      expect(response.status, path).toBe(200);
      expect(text, path).not.toContain('<script');
      expect(text, path).not.toContain('<img');
      expect(text, path).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    }
    expect((await browse(t, jar, '/reports/2026-11')).text).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt; evil');
  });
});

describe('what the public routes never reveal', () => {
  it('no private environment, client, URL, check id, actor or private incident on any public route', async () => {
    const secrets = [SECRET.privateEnvironmentName, SECRET.privateClient, SECRET.publicClient, SECRET.url, 'Staging shown nowhere', 'Private trouble at Globex', 'sre-alice', 'globex-prod', 'staging'];
    for (const path of PUBLIC_PATHS) {
      const { text } = await get(path);
      for (const secret of [...secrets, ...SECRET.checkIds]) expect(text, `${path} leaks ${secret}`).not.toContain(secret);
    }
  });

  it('badges exist for public production environments only', async () => {
    for (const path of ['/badge/globex-prod/status.svg', '/badge/staging/status.svg', '/badge/nope/status.svg', '/badge/globex-prod/availability.svg']) {
      const { response, text } = await get(path);
      expect(response.status, path).toBe(404);
      expect(text).not.toContain(SECRET.privateEnvironmentName);
    }
  });
});
