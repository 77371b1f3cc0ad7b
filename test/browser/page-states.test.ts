import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createIncidentSchema } from '../../src/incidents/incident-input.ts';
import { createIncident, respondToIncident } from '../../src/incidents/incident-service.ts';
import { indexChecks, recordOutageEvents } from '../../src/outages/outage-recorder.ts';
import { storeResults } from '../../src/history/result-history.ts';
import type { TestDeps } from '../support/test-app.ts';
import { environmentsSeen } from '../../src/store/schema/index.ts';
import { instant } from '../../src/time/iso.ts';
import { HAVE_CHROMIUM, SKIP_MESSAGE, launchBrowser, startSite, type Browser, type Site } from './harness.ts';

// The banner, the environment cards and the incidents are read from one state: what one says,
// the others never contradict.

if (!HAVE_CHROMIUM) console.warn(SKIP_MESSAGE);

const NOW = '2026-11-16T12:00:00-05:00';
const CONFIG = `
target: 99
environments:
  - id: acme-prod
    name: Acme Construction
    type: production
    public: true
    clients: [Acme]
    slaStart: "2026-01-01T00:00:00-05:00"
    checks:
      - { id: acme-web, url: "https://acme.example.net/health", every: 30s, timeout: 5s }
      - { id: acme-login, url: "https://acme.example.net/login", role: feature, feature: login, every: 1m, timeout: 5s }
`;

function answering(deps: TestDeps) {
  const now = deps.clock();
  deps.database.db.insert(environmentsSeen).values({ envId: 'acme-prod', firstSeenAt: instant('2026-06-01T00:00:00-04:00') }).run();
  for (const checkId of ['acme-web', 'acme-login']) {
    storeResults(deps.database.sqlite, [{ checkId, envId: 'acme-prod', at: now - 10_000, status: 'up', latencyMs: 90, reason: null }]);
  }
}

/** Every check answers, and the support desk has an urgent (priority I) public incident open. */
async function urgentIncidentWhileChecksAnswer(deps: TestDeps) {
  answering(deps);
  const desk = { store: deps.database.store, config: deps.config, calendars: deps.calendars };
  const input = createIncidentSchema.parse({ title: 'Clients cannot save budgets', priority: 'I', environments: ['acme-prod'], public: true });
  await createIncident(desk, input, { actor: 'sre-alice', now: deps.clock() - 600_000 });
}

/** The prober saw the application down from 11:00 to 11:20; support answered at 11:40. */
async function outageRecoveredThenAnswered(deps: TestDeps) {
  answering(deps);
  const recorder = { config: deps.config, calendars: deps.calendars, checks: indexChecks(deps.config) };
  const check = deps.config.environments[0]!.checks[0]!;
  const opened = instant('2026-11-16T11:00:00-05:00');
  const closed = instant('2026-11-16T11:20:00-05:00');
  await deps.database.store.transaction((tx) => recordOutageEvents(tx, recorder, check, [{ type: 'outage_opened', start: opened, lastDownAt: opened + 60_000, reason: 'HTTP 503' }], opened + 60_000));
  await deps.database.store.transaction((tx) => recordOutageEvents(tx, recorder, check, [{ type: 'outage_closed', end: closed, cause: 'recovered' }], closed));
  await respondToIncident({ store: deps.database.store, config: deps.config, calendars: deps.calendars }, 1, {}, { actor: 'sre-alice', now: instant('2026-11-16T11:40:00-05:00') });
}

const stateOf = async (page: Page) => ({
  banner: (await page.locator('h1#banner-title').textContent())!.trim(),
  card: (await page.locator('.env-head .state').innerText()).replace(/\s+/g, ' ').trim(),
  bannerColour: await page.locator('.banner').evaluate((element) => getComputedStyle(element).backgroundColor),
  cardColour: await page.locator('.env-head .state .state-symbol').evaluate((element) => getComputedStyle(element).backgroundColor),
});

describe.skipIf(!HAVE_CHROMIUM)('the banner, the cards and the incidents tell one state', () => {
  let browser: Browser;
  const sites: Site<unknown>[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    for (const site of sites) await site.close();
  });
  const open = async (seed: (deps: TestDeps) => unknown, path = '/') => {
    const site = await startSite({ configYaml: CONFIG, now: NOW, seed });
    sites.push(site);
    const page = await browser.context.newPage();
    await page.goto(`${site.url}${path}`);
    return page;
  };

  it('is not green above an open urgent incident, and the banner and the card wear the same colour', async () => {
    const page = await open(urgentIncidentWhileChecksAnswer);
    const state = await stateOf(page);
    expect(await page.locator('.incidents .incident-critical').count()).toBe(1);
    expect(state.banner).toBe('Panne majeure');
    expect(state.card).toBe('✕ Hors service');
    expect(state.cardColour).toBe(state.bannerColour);
    await page.close();
  });

  it('gives every state one colour on the banner and on the cards', async () => {
    const page = await open(answering);
    const pairs = await page.evaluate(() => {
      const states = ['operational', 'degraded', 'partial_outage', 'major_outage', 'maintenance', 'unknown'];
      return states.map((state) => {
        const banner = document.createElement('section');
        banner.className = `banner banner-${state}`;
        const pill = document.createElement('span');
        pill.className = `state state-${state}`;
        const symbol = document.createElement('span');
        symbol.className = 'state-symbol';
        pill.append(symbol);
        document.body.append(banner, pill);
        const colours = { state, banner: getComputedStyle(banner).backgroundColor, card: getComputedStyle(symbol).backgroundColor };
        banner.remove();
        pill.remove();
        return colours;
      });
    });
    for (const pair of pairs) expect(pair.card, pair.state).toBe(pair.banner);
    expect(new Set(pairs.map((pair) => pair.banner)).size).toBe(pairs.length);
    await page.close();
  });

  it('keeps an incident in "monitoring" once support records its first response', async () => {
    const page = await open(outageRecoveredThenAnswered, '/?lang=en');
    const incident = page.locator('.incidents .incident').first();
    await expect(incident.locator('.incident-meta .tag').first().textContent()).resolves.toBe('Monitoring');
    const steps = await incident.locator('.update-head strong').allTextContents();
    expect(steps).toEqual(['Monitoring', 'Monitoring', 'Investigating']);
    // Still open: the banner is not green while support has not resolved it.
    expect((await stateOf(page)).banner).not.toBe('All systems operational');
    await page.close();
  });

  it('says "no data" when nothing was probed yet (started with --no-probe), never "degraded"', async () => {
    const page = await open(() => undefined, '/?lang=fr');
    const state = await stateOf(page);
    expect(state.banner).toBe('Aucune donnée récente : état inconnu');
    expect(state.card).toBe('? Aucune donnée récente');
    expect(state.cardColour).toBe(state.bannerColour);
    const checks = await page.locator('table.checks tbody tr td:first-of-type').allInnerTexts();
    expect(checks.map((text) => text.replace(/\s+/g, ' ').trim())).toEqual(['? Aucune donnée', '? Aucune donnée']);
    await expect(page.title()).resolves.not.toContain('dégradées');
    await page.close();
  });
});
