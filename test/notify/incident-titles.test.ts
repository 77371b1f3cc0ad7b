import { afterEach, describe, expect, it } from 'vitest';
import { indexChecks, recordOutageEvents } from '../../src/outages/outage-recorder.ts';
import { notificationOutbox, subscriptions } from '../../src/store/schema/index.ts';
import { outageClosedAlert, outageOpenedAlert } from '../../src/notify/templates/team-alerts.ts';
import { instant } from '../../src/time/iso.ts';
import { createNotifyFixture, notifyConfigYaml, type NotifyFixture } from './support/notify-fixture.ts';

// The titles of the incidents the monitor opens, as each reader gets them: French team channels
// in French, public subscribers in the page's words (never a check id).

let fx: NotifyFixture;
afterEach(() => fx.close());

async function signInFailsAt(start: string) {
  fx = createNotifyFixture({ yaml: notifyConfigYaml({ smtpPort: 9 }) });
  fx.database.db
    .insert(subscriptions)
    .values([
      { email: 'lecteur@example.com', language: 'fr', status: 'active', unsubscribeToken: 'u-fr', createdAt: fx.now(), confirmedAt: fx.now() },
      { email: 'reader@example.com', language: 'en', status: 'active', unsubscribeToken: 'u-en', createdAt: fx.now(), confirmedAt: fx.now() },
    ])
    .run();
  const recorder = { config: fx.config, calendars: fx.calendars, checks: indexChecks(fx.config), notices: fx.events };
  const login = fx.config.environments[0]!.checks.find((check) => check.id === 'acme-login')!;
  const at = instant(start);
  await fx.database.store.transaction((tx) => recordOutageEvents(tx, recorder, login, [{ type: 'outage_opened', start: at, lastDownAt: at, reason: 'HTTP 503' }], at));
  return fx.database.db.select().from(notificationOutbox).all();
}

describe('titles of the incidents the monitor opens', () => {
  it('are in French on French team channels, and in English on English ones', async () => {
    const deliveries = await signInFailsAt('2026-11-16T11:40:00-05:00');
    const slack = deliveries.find((delivery) => delivery.channel === 'ops-slack' && delivery.subject.startsWith('Incident'));
    expect(slack?.subject).toBe('Incident #1 (priorité II) ouvert : Connexion et authentification en échec sur Acme Construction (acme-login : HTTP 503)');
    const hook = deliveries.find((delivery) => delivery.channel === 'ops-hook' && delivery.subject.startsWith('Incident'));
    expect(hook?.subject).toBe('Incident #1 (priority II) opened: login failing on Acme Construction (acme-login: HTTP 503)');
  });

  it('reach subscribers in the page’s words, without the check id', async () => {
    const deliveries = (await signInFailsAt('2026-11-16T11:40:00-05:00')).filter((delivery) => delivery.channel === 'subscribers');
    expect(deliveries.map((delivery) => delivery.subject).sort()).toEqual([
      'Incident en cours — Fonction indisponible : Connexion et authentification — Acme Construction',
      'Incident in progress — Sign-in and authentication unavailable — Acme Construction',
    ]);
    for (const delivery of deliveries) expect(delivery.body).not.toContain('acme-login');
  });
});

describe('titles of outage alerts', () => {
  it('name a feature in French on French team channels, and by its id on English ones', () => {
    const outage = { environment: { id: 'acme-prod', name: 'Acme Construction' }, checkId: 'acme-login', feature: 'login', start: instant('2026-11-16T11:40:00-05:00'), zone: 'America/Toronto' };
    const opened = outageOpenedAlert({ ...outage, reason: 'HTTP 503', byHand: null });
    expect(opened.fr.subject).toBe('PANNE : la fonction Connexion et authentification — acme-login en échec depuis 2026-11-16 11:40 HNE');
    expect(opened.en.subject).toBe('DOWN: feature login — acme-login failing since 2026-11-16 11:40 EST');
    const closed = outageClosedAlert({ ...outage, end: instant('2026-11-16T12:10:00-05:00') });
    expect(closed.fr.subject).toBe('RÉTABLI : la fonction Connexion et authentification — acme-login répond de nouveau (panne de 30 min)');
  });
});
