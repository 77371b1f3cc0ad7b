import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWindowSchema } from '../../src/maintenance/window-input.ts';
import { registerWindow } from '../../src/maintenance/window-service.ts';
import { createNotificationEvents } from '../../src/notify/events.ts';
import { indexChecks, recordOutageEvents } from '../../src/outages/outage-recorder.ts';
import { storeResults } from '../../src/history/result-history.ts';
import type { TestDeps } from '../support/test-app.ts';
import { environmentsSeen, notificationOutbox } from '../../src/store/schema/index.ts';
import { instant } from '../../src/time/iso.ts';
import { HAVE_CHROMIUM, SKIP_MESSAGE, launchBrowser, startSite, type Browser, type Site } from './harness.ts';

// The incidents the prober opens, as the public reads them: one per environment outage, named
// for the feature that fails, and none for an outage inside announced maintenance.

if (!HAVE_CHROMIUM) console.warn(SKIP_MESSAGE);

const NOW = '2026-11-16T12:00:00-05:00';
const CONFIG = `
target: 99
notifications:
  smtp: { host: 127.0.0.1, port: 9, from: veille@aidi.example }
  channels:
    sre-mail: { type: email, to: [sre@aidi.example], language: fr }
  routing:
    default: [sre-mail]
environments:
  - id: acme-prod
    name: Acme Construction
    type: production
    public: true
    clients: [Acme]
    slaStart: "2026-01-01T00:00:00-05:00"
    checks:
      - { id: acme-web, url: "https://acme.example.net/health", every: 30s, timeout: 5s }
      - { id: acme-api, url: "https://api.acme.example.net/health", every: 30s, timeout: 5s }
      - { id: acme-login, url: "https://acme.example.net/login", role: feature, feature: login, every: 1m, timeout: 5s }
`;

/** The prober's writes for a check that went down at `start` and is still down at `now`. */
async function downSince(deps: TestDeps, checkId: string, start: string) {
  const recorder = { config: deps.config, calendars: deps.calendars, checks: indexChecks(deps.config), notices: createNotificationEvents({ config: deps.config, calendars: deps.calendars }) };
  const check = deps.config.environments[0]!.checks.find((candidate) => candidate.id === checkId)!;
  const at = instant(start);
  await deps.database.store.transaction((tx) => recordOutageEvents(tx, recorder, check, [{ type: 'outage_opened', start: at, lastDownAt: at + 60_000, reason: 'HTTP 503' }], at + 60_000));
  storeResults(deps.database.sqlite, [{ checkId, envId: 'acme-prod', at: deps.clock() - 10_000, status: 'down', latencyMs: null, reason: 'HTTP 503' }]);
}

function seen(deps: TestDeps) {
  deps.database.db.insert(environmentsSeen).values({ envId: 'acme-prod', firstSeenAt: instant('2026-06-01T00:00:00-04:00') }).run();
}

/** Both availability checks of Acme fail at 11:30, and sign-in fails from 11:40. */
async function environmentDownAndSignInFailing(deps: TestDeps) {
  seen(deps);
  await downSince(deps, 'acme-web', '2026-11-16T11:30:00-05:00');
  await downSince(deps, 'acme-api', '2026-11-16T11:30:30-05:00');
  await downSince(deps, 'acme-login', '2026-11-16T11:40:00-05:00');
}

/** The application recovers at 11:50 while the API stays down: the environment is still down. */
async function oneOfTwoChecksRecovered(deps: TestDeps) {
  seen(deps);
  await downSince(deps, 'acme-web', '2026-11-16T11:30:00-05:00');
  await downSince(deps, 'acme-api', '2026-11-16T11:30:30-05:00');
  const recorder = { config: deps.config, calendars: deps.calendars, checks: indexChecks(deps.config) };
  const web = deps.config.environments[0]!.checks[0]!;
  const end = instant('2026-11-16T11:50:00-05:00');
  await deps.database.store.transaction((tx) => recordOutageEvents(tx, recorder, web, [{ type: 'outage_closed', end, cause: 'recovered' }], end));
}

/** Maintenance announced the day before for 11:00–13:00; the application goes down at 11:15. */
async function downDuringAnnouncedMaintenance(deps: TestDeps) {
  seen(deps);
  const input = createWindowSchema.parse({ environments: ['acme-prod'], start: '2026-11-16T11:00:00-05:00', end: '2026-11-16T13:00:00-05:00', impact: 'Mise à niveau du serveur.' });
  await registerWindow({ store: deps.database.store, config: deps.config }, input, { actor: 'sre-alice', now: instant('2026-11-15T09:00:00-05:00') });
  await downSince(deps, 'acme-web', '2026-11-16T11:15:00-05:00');
  return deps.database.db.select().from(notificationOutbox).all();
}

describe.skipIf(!HAVE_CHROMIUM)('incidents the prober opens, on the page', () => {
  let browser: Browser;
  const sites: Site<unknown>[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    for (const site of sites) await site.close();
  });
  const start = async <Seeded>(seed: (deps: TestDeps) => Seeded | Promise<Seeded>) => {
    const site = await startSite({ configYaml: CONFIG, now: NOW, seed });
    sites.push(site);
    return site;
  };

  it('opens one incident for an environment whose two availability checks fail at once, and names a failing feature', async () => {
    const site = await start(environmentDownAndSignInFailing);
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/?lang=fr`);
    const titles = await page.locator('.incidents .incident-title').allTextContents();
    expect(titles).toEqual(['Fonction indisponible : Connexion et authentification — Acme Construction', 'Interruption de service : Acme Construction']);
    await page.goto(`${site.url}/?lang=en`);
    const english = await page.locator('.incidents .incident-title').allTextContents();
    expect(english).toEqual(['Sign-in and authentication unavailable — Acme Construction', 'Service disruption: Acme Construction']);
    await page.close();
  });

  it('keeps that incident under investigation while one of the two checks is still down', async () => {
    const site = await start(oneOfTwoChecksRecovered);
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/?lang=en`);
    await expect(page.locator('.incidents .incident').count()).resolves.toBe(1);
    await expect(page.locator('.incidents .incident-meta .tag').first().textContent()).resolves.toBe('Investigating');
    await expect(page.locator('h1#banner-title').textContent()).resolves.toBe('Major outage');
    await page.close();
  });

  it('shows an outage inside announced maintenance as maintenance, and tells the team so', async () => {
    const site = await start(downDuringAnnouncedMaintenance);
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/?lang=fr`);
    await expect(page.locator('.env-head .state').innerText()).resolves.toContain('En maintenance');
    await expect(page.locator('.incidents .incident').count()).resolves.toBe(0);
    await expect(page.locator('.incidents .incident-critical').count()).resolves.toBe(0);
    await page.close();
    const alert = site.seeded.find((delivery) => delivery.subject.includes('PANNE'));
    expect(alert?.subject).toContain('pendant la maintenance annoncée');
    expect(alert?.body).toContain('Maintenance annoncée n° 1 (avis envoyé le 2026-11-15 09:00 HNE, fin prévue 2026-11-16 13:00 HNE)');
  });
});
