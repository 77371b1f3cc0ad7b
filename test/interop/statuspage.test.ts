import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeResults } from '../../src/history/result-history.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { SEED_NOW, STATUS_CONFIG_YAML, seedStatusWorld } from '../web/seed.ts';
import { seedOutage } from '../support/seed-outage.ts';
import { registerWindow } from '../../src/maintenance/window-service.ts';
import { createWindowSchema } from '../../src/maintenance/window-input.ts';

// Statuspage's public API v2, field for field, so existing widgets can read veille.

const COMPONENT_STATUSES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'];
const INDICATORS = ['none', 'minor', 'major', 'critical'];
const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'];
const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'];
const IMPACTS = ['none', 'minor', 'major', 'critical', 'maintenance'];

let t: TestApp;
beforeEach(async () => {
  t = createTestApp({ configYaml: STATUS_CONFIG_YAML, now: SEED_NOW });
  await seedStatusWorld(t.deps);
});
afterEach(() => t.close());

async function json(path: string) {
  const response = await t.app.request(path);
  expect(response.status, path).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  return (await response.json()) as any;
}

function expectPage(page: any) {
  expect(Object.keys(page).sort()).toEqual(['id', 'name', 'time_zone', 'updated_at', 'url']);
  expect(page.time_zone).toBe('America/Toronto');
  expect(page.updated_at).toBe('2026-11-16T17:00:00.000Z');
}

function expectComponent(component: any) {
  expect(Object.keys(component).sort()).toEqual(
    ['created_at', 'description', 'group', 'group_id', 'id', 'name', 'only_show_if_degraded', 'page_id', 'position', 'showcase', 'start_date', 'status', 'updated_at'].sort(),
  );
  expect(COMPONENT_STATUSES).toContain(component.status);
}

function expectIncident(incident: any) {
  for (const key of ['id', 'name', 'status', 'created_at', 'updated_at', 'monitoring_at', 'resolved_at', 'impact', 'shortlink', 'started_at', 'page_id', 'incident_updates', 'components']) {
    expect(incident, key).toHaveProperty(key);
  }
  expect(IMPACTS).toContain(incident.impact);
  for (const update of incident.incident_updates) {
    expect(Object.keys(update).sort()).toEqual(
      ['affected_components', 'body', 'created_at', 'custom_tweet', 'deliver_notifications', 'display_at', 'id', 'incident_id', 'status', 'tweet_id', 'updated_at'].sort(),
    );
    expect(update.incident_id).toBe(incident.id);
  }
  incident.components.forEach(expectComponent);
}

describe('/api/v2 — Statuspage-compatible documents', () => {
  it('summary.json: page, components, unresolved incidents, active and upcoming maintenance, status', async () => {
    const summary = await json('/api/v2/summary.json');
    expect(Object.keys(summary).sort()).toEqual(['components', 'incidents', 'page', 'scheduled_maintenances', 'status']);
    expectPage(summary.page);
    expect(summary.components).toHaveLength(1);
    expectComponent(summary.components[0]);
    expect(summary.components[0]).toMatchObject({ id: 'acme-prod', name: 'Acme Construction', status: 'degraded_performance', position: 1, start_date: '2026-01-01' });
    expect(summary.status).toEqual({ indicator: 'minor', description: 'Performances dégradées' });
    expect(summary.incidents).toHaveLength(1);
    expectIncident(summary.incidents[0]);
    expect(summary.incidents[0]).toMatchObject({ name: 'Lenteurs à la connexion', status: 'investigating', impact: 'minor', resolved_at: null });
    expect(summary.scheduled_maintenances).toHaveLength(1);
    expect(summary.scheduled_maintenances[0]).toMatchObject({
      status: 'scheduled',
      impact: 'maintenance',
      scheduled_for: '2026-11-19T03:00:00.000Z',
      scheduled_until: '2026-11-19T04:30:00.000Z',
    });
    expect(MAINTENANCE_STATUSES).toContain(summary.scheduled_maintenances[0].status);
  });

  it('status.json and components.json', async () => {
    const status = await json('/api/v2/status.json');
    expect(Object.keys(status).sort()).toEqual(['page', 'status']);
    expect(INDICATORS).toContain(status.status.indicator);
    const components = await json('/api/v2/components.json');
    expect(Object.keys(components).sort()).toEqual(['components', 'page']);
    components.components.forEach(expectComponent);
  });

  it('incidents.json lists open and recently resolved ones; unresolved.json only the open', async () => {
    const sre = t.token('sre');
    const resolved = await t.call('POST', '/api/v1/incidents', { token: sre, body: { title: 'Factures en retard', priority: 'II', environments: ['acme-prod'], public: true } });
    expect(resolved.status).toBe(201);
    expect((await t.call('POST', `/api/v1/incidents/${resolved.body.id}/resolve`, { token: sre, body: { message: 'Les factures sont reparties.' } })).status).toBe(200);
    const all = await json('/api/v2/incidents.json');
    expect(all.incidents.map((incident: any) => incident.name).sort()).toEqual(['Factures en retard', 'Lenteurs à la connexion']);
    all.incidents.forEach(expectIncident);
    const done = all.incidents.find((incident: any) => incident.name === 'Factures en retard');
    expect(done).toMatchObject({ status: 'resolved', impact: 'major', resolved_at: '2026-11-16T17:00:00.000Z' });
    expect(done.incident_updates[0]).toMatchObject({ status: 'resolved', body: 'Les factures sont reparties.' });
    expect(INCIDENT_STATUSES).toContain(done.status);
    const open = await json('/api/v2/incidents/unresolved.json');
    expect(open.incidents.map((incident: any) => incident.name)).toEqual(['Lenteurs à la connexion']);
  });

  it('scheduled-maintenances: all, upcoming (scheduled) and active (in progress)', async () => {
    await registerWindow(
      { store: t.deps.database.store, config: t.deps.config },
      createWindowSchema.parse({ environments: ['acme-prod'], start: '2026-11-16T11:30:00-05:00', end: '2026-11-16T12:30:00-05:00', impact: 'Redémarrage' }),
      { actor: 'sre', now: t.now() - 3_600_000 },
    );
    const all = await json('/api/v2/scheduled-maintenances.json');
    expect(all.scheduled_maintenances.map((m: any) => m.status).sort()).toEqual(['in_progress', 'scheduled']);
    all.scheduled_maintenances.forEach(expectIncident);
    expect((await json('/api/v2/scheduled-maintenances/upcoming.json')).scheduled_maintenances.map((m: any) => m.status)).toEqual(['scheduled']);
    const active = await json('/api/v2/scheduled-maintenances/active.json');
    expect(active.scheduled_maintenances).toHaveLength(1);
    expect(active.scheduled_maintenances[0].incident_updates.map((u: any) => u.status)).toEqual(['in_progress', 'scheduled']);
    // The environment is under maintenance now.
    expect((await json('/api/v2/components.json')).components[0].status).toBe('under_maintenance');
  });

  it('a production down is major_outage with the critical indicator; English on request', async () => {
    await seedOutage(t.deps.database, { checkId: 'acme-web', envId: 'acme-prod', start: t.now() - 120_000, end: null, lastDownAt: t.now(), source: 'probe', reason: 'HTTP 500', createdBy: 'monitor', createdAt: t.now() });
    storeResults(t.deps.database.sqlite, [{ checkId: 'acme-web', envId: 'acme-prod', at: t.now(), status: 'down', latencyMs: null, reason: 'HTTP 500' }]);
    t.setNow(t.now() + 60_000);
    const response = await t.app.request('/api/v2/status.json', { headers: { 'accept-language': 'en' } });
    expect(((await response.json()) as any).status).toEqual({ indicator: 'critical', description: 'Major outage' });
    expect((await json('/api/v2/components.json')).components[0].status).toBe('major_outage');
  });
});
