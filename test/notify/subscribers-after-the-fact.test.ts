import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIncidentSchema } from '../../src/incidents/incident-input.ts';
import { createIncident, resolveIncident } from '../../src/incidents/incident-service.ts';
import { notificationOutbox, subscriptions } from '../../src/store/schema/index.ts';
import { createNotifyFixture, notifyConfigYaml, type NotifyFixture } from './support/notify-fixture.ts';

// Subscribers hear of what is coming or going on, not of what is already over when recorded.

let fx: NotifyFixture;
beforeEach(() => {
  fx = createNotifyFixture({ yaml: notifyConfigYaml({ smtpPort: 9 }), now: '2026-11-16T12:00:00-05:00' });
  fx.database.db.insert(subscriptions).values({ email: 'lecteur@example.com', language: 'fr', status: 'active', unsubscribeToken: 'u-fr', createdAt: fx.now(), confirmedAt: fx.now() }).run();
});
afterEach(() => fx.close());

const toSubscribers = () => fx.database.db.select().from(notificationOutbox).all().filter((delivery) => delivery.channel === 'subscribers');
const desk = () => ({ db: fx.database.db, store: fx.database.store, config: fx.config, calendars: fx.calendars, notices: fx.events });

describe('subscribers', () => {
  it('are not told "maintenance planned" of a window recorded after it ended', async () => {
    await fx.registerWindow({ environments: ['acme-prod'], start: '2026-11-14T22:00:00-05:00', end: '2026-11-14T23:00:00-05:00', impact: 'Mise à niveau', notify: false });
    expect(toSubscribers()).toEqual([]);
  });

  it('are told of a window still to come', async () => {
    await fx.registerWindow({ environments: ['acme-prod'], start: '2026-11-18T22:00:00-05:00', end: '2026-11-18T23:00:00-05:00', impact: 'Mise à niveau', notify: false });
    expect(toSubscribers().map((delivery) => delivery.subject)).toEqual([expect.stringMatching(/^Maintenance planifiée — Acme Construction/)]);
  });

  it('are not told "incident in progress", nor "resolved", of an incident recorded after the fact', async () => {
    const input = createIncidentSchema.parse({ title: 'Panne du 12', priority: 'II', environments: ['acme-prod'], public: true, openedAt: '2026-11-12T09:00:00-05:00', externalRef: 'ZD-4411' });
    const incident = await createIncident(desk(), input, { actor: 'sre-alice', now: fx.now() });
    await resolveIncident(desk(), incident.id, {}, { actor: 'sre-alice', now: fx.now() });
    expect(toSubscribers()).toEqual([]);
  });

  it('are told of an incident opened as it happens', async () => {
    const input = createIncidentSchema.parse({ title: 'Lenteurs', priority: 'II', environments: ['acme-prod'], public: true });
    await createIncident(desk(), input, { actor: 'sre-alice', now: fx.now() });
    expect(toSubscribers().map((delivery) => delivery.subject)).toEqual(['Incident en cours — Lenteurs']);
  });
});
