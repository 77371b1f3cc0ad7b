import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIncidentSchema } from '../../src/incidents/incident-input.ts';
import { createIncident, resolveIncident } from '../../src/incidents/incident-service.ts';
import { cancelWindowSchema, createWindowSchema } from '../../src/maintenance/window-input.ts';
import { cancelWindow, registerWindow } from '../../src/maintenance/window-service.ts';
import { indexChecks, recordOutageEvents } from '../../src/outages/outage-recorder.ts';
import { instant } from '../../src/time/iso.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { SEED_NOW, STATUS_CONFIG_YAML, seedStatusWorld } from '../web/seed.ts';

// The feed and the Statuspage documents: links from the configured public address, one feed per
// language, cancelled windows kept as cancelled, and the 50 most recent of each kind.

const PUBLIC_URL = 'https://status.aidi.example';
const CONFIG = `notifications:\n  publicUrl: ${PUBLIC_URL}/\n${STATUS_CONFIG_YAML}`;
const DAY = 86_400_000;

let t: TestApp;
let seeded: Awaited<ReturnType<typeof seedStatusWorld>>;
beforeEach(async () => {
  t = createTestApp({ configYaml: CONFIG, now: SEED_NOW });
  seeded = await seedStatusWorld(t.deps);
});
afterEach(() => t.close());

const get = (path: string, host = 'evil.example') => t.app.request(`http://${host}${path}`, { headers: { host } });
const text = async (path: string, host?: string) => (await get(path, host)).text();
const json = async (path: string) => JSON.parse(await text(path)) as any;
const desk = () => ({ db: t.deps.database.db, store: t.deps.database.store, config: t.deps.config, calendars: t.deps.calendars });

describe('links and ids', () => {
  it('come from notifications.publicUrl, never from the Host the request names', async () => {
    const feed = await text('/feed.atom?lang=fr');
    const links = [...feed.matchAll(/(?:href="|<id>)([^"<]+)/g)].map((match) => match[1]!);
    expect(links.length).toBeGreaterThan(4);
    for (const link of links) expect(link.startsWith(`${PUBLIC_URL}/`), link).toBe(true);
    for (const name of ['summary.json', 'incidents.json', 'scheduled-maintenances.json']) {
      const body = await text(`/api/v2/${name}`);
      expect(body, name).not.toContain('evil.example');
      expect(body, name).toContain(PUBLIC_URL);
    }
    expect((await json('/api/v2/summary.json')).page.url).toBe(`${PUBLIC_URL}/`);
  });

  it('give the French and the English feed each its own id and rel=self', async () => {
    const selfOf = (xml: string) => ({ id: /<feed[^>]*>\s*<id>([^<]+)<\/id>/.exec(xml)?.[1], self: /<link rel="self" type="application\/atom\+xml" href="([^"]+)"/.exec(xml)?.[1] });
    const fr = selfOf(await text('/feed.atom?lang=fr'));
    const en = selfOf(await text('/feed.atom?lang=en'));
    expect(fr).toEqual({ id: `${PUBLIC_URL}/feed.atom?lang=fr`, self: `${PUBLIC_URL}/feed.atom?lang=fr` });
    expect(en).toEqual({ id: `${PUBLIC_URL}/feed.atom?lang=en`, self: `${PUBLIC_URL}/feed.atom?lang=en` });
    const entryIds = (xml: string) => [...xml.matchAll(/<entry>\s*<id>([^<]+)<\/id>/g)].map((match) => match[1]);
    const frIds = entryIds(await text('/feed.atom?lang=fr'));
    const enIds = entryIds(await text('/feed.atom?lang=en'));
    expect(frIds.filter((id) => enIds.includes(id))).toEqual([]);
  });
});

describe('a cancelled window', () => {
  it('stays in the feed and in the scheduled-maintenance documents, as cancelled', async () => {
    await cancelWindow({ store: t.deps.database.store }, seeded.windowId, cancelWindowSchema.parse({ reason: 'Reportée' }), { actor: 'sre-alice', now: t.now() });
    const fr = await text('/feed.atom?lang=fr');
    expect(fr).toContain('<title>Annulée — Maintenance : Acme Construction</title>');
    expect(fr).not.toContain('À venir');
    const all = await json('/api/v2/scheduled-maintenances.json?lang=en');
    const window = all.scheduled_maintenances.find((item: any) => item.id === `maintenance-${seeded.windowId}`);
    expect(window).toMatchObject({ status: 'completed', name: 'Cancelled maintenance: Acme Construction', resolved_at: new Date(t.now()).toISOString() });
    expect(window.incident_updates[0]).toMatchObject({ status: 'completed', body: 'This maintenance was cancelled: it will not take place.' });
    expect((await json('/api/v2/scheduled-maintenances/upcoming.json')).scheduled_maintenances).toEqual([]);
  });
});

describe('incidents.json and scheduled-maintenances.json', () => {
  it('hold the 50 most recent, resolved and completed ones included, however old', async () => {
    const now = t.now();
    for (let k = 1; k <= 60; k++) {
      const openedAt = now - (20 + k * 3) * DAY;
      const input = createIncidentSchema.parse({ title: `Old trouble ${k}`, priority: 'III', environments: ['acme-prod'], public: true });
      const incident = await createIncident(desk(), input, { actor: 'sre-alice', now: openedAt });
      await resolveIncident(desk(), incident.id, {}, { actor: 'sre-alice', now: openedAt + 3_600_000 });
      const start = new Date(now - (40 + k * 2) * DAY).toISOString();
      const end = new Date(now - (40 + k * 2) * DAY + 3_600_000).toISOString();
      await registerWindow({ store: t.deps.database.store, config: t.deps.config }, createWindowSchema.parse({ environments: ['acme-prod'], start, end, impact: `Old window ${k}` }), { actor: 'sre-alice', now: now - 400 * DAY });
    }
    const incidents = (await json('/api/v2/incidents.json?lang=en')).incidents;
    expect(incidents).toHaveLength(50);
    expect(incidents[0].name).toBe('Lenteurs à la connexion');
    expect(incidents.map((incident: any) => incident.name)).toContain('Old trouble 49');
    expect(incidents.map((incident: any) => incident.name)).not.toContain('Old trouble 50');
    const windows = (await json('/api/v2/scheduled-maintenances.json?lang=en')).scheduled_maintenances;
    expect(windows).toHaveLength(50);
    expect(windows[0].id).toBe(`maintenance-${seeded.windowId}`);
    expect(windows.filter((window: any) => window.status === 'completed')).toHaveLength(49);
    expect(windows.at(-1).incident_updates.at(-1).body).toBe('Old window 49');
  });
});

describe('an incident the monitor opens for a failing feature', () => {
  it('is titled with the feature in both feeds and in the Statuspage documents, never with the check id', async () => {
    const login = t.deps.config.environments[0]!.checks.find((check) => check.id === 'acme-login')!;
    const recorder = { config: t.deps.config, calendars: t.deps.calendars, checks: indexChecks(t.deps.config) };
    const at = instant('2026-11-16T11:40:00-05:00');
    await t.deps.database.store.transaction((tx) => recordOutageEvents(tx, recorder, login, [{ type: 'outage_opened', start: at, lastDownAt: at, reason: 'HTTP 503' }], at));
    expect(await text('/feed.atom?lang=fr')).toContain('<title>Enquête en cours — Fonction indisponible : Connexion et authentification — Acme Construction</title>');
    expect(await text('/feed.atom?lang=en')).toMatch(/<title>[^<]* — Sign-in and authentication unavailable — Acme Construction<\/title>/);
    const incidentNames = async (name: string, language: string) => {
      const answer = await t.app.request(`/api/v2/${name}`, { headers: { 'accept-language': language } });
      return ((await answer.json()) as { incidents: Array<{ name: string }> }).incidents.map((incident) => incident.name);
    };
    for (const name of ['summary.json', 'incidents.json', 'incidents/unresolved.json']) {
      const french = await incidentNames(name, 'fr');
      const english = await incidentNames(name, 'en');
      expect(french, name).toContain('Fonction indisponible : Connexion et authentification — Acme Construction');
      expect(english, name).toContain('Sign-in and authentication unavailable — Acme Construction');
      expect([...french, ...english].join(' '), name).not.toContain('acme-login');
    }
  });
});
