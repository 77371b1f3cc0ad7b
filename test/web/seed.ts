// A seeded status world for the page, interop and browser tests: what the public may see and
// what it must never see, written through the registry's own services.
import { createIncident, addIncidentUpdate } from '../../src/incidents/incident-service.ts';
import { storeResults } from '../../src/history/result-history.ts';
import { createIncidentSchema } from '../../src/incidents/incident-input.ts';
import { excludeOutage } from '../../src/exclusions/exclusion-service.ts';
import { createExclusionSchema } from '../../src/exclusions/exclusion-input.ts';
import { registerWindow } from '../../src/maintenance/window-service.ts';
import { createWindowSchema } from '../../src/maintenance/window-input.ts';
import { seedOutage } from '../support/seed-outage.ts';
import type { TestDeps } from '../support/test-app.ts';
import { environmentsSeen } from '../../src/store/schema/index.ts';
import { instant } from '../../src/time/iso.ts';

/** Monday 16 November 2026, noon in Toronto: a business day. */
export const SEED_NOW = '2026-11-16T12:00:00-05:00';

export const SECRET = {
  privateEnvironmentName: 'Globex Secret Works',
  privateClient: 'Initech Private Client',
  publicClient: 'Acme Holdings Confidential',
  url: 'internal-acme.example.net',
  checkIds: ['acme-web', 'acme-db', 'acme-login', 'globex-web', 'staging-web'],
};

export const STATUS_CONFIG_YAML = `
target: 99
environments:
  - id: acme-prod
    name: Acme Construction
    type: production
    public: true
    clients: [${SECRET.publicClient}]
    slaStart: "2026-01-01T00:00:00-05:00"
    checks:
      - { id: acme-web, url: "https://${SECRET.url}/health", every: 30s, timeout: 5s }
      - { id: acme-db, url: "tcp://db.${SECRET.url}:5432", every: 30s, timeout: 5s }
      - { id: acme-login, url: "https://${SECRET.url}/login", role: feature, feature: login, every: 1m, timeout: 5s }
  - id: globex-prod
    name: ${SECRET.privateEnvironmentName}
    type: production
    public: false
    clients: [${SECRET.privateClient}]
    slaStart: "2026-01-01T00:00:00-05:00"
    checks:
      - { id: globex-web, url: "https://globex.${SECRET.url}/health", every: 30s, timeout: 5s }
  - id: staging
    name: Staging shown nowhere
    type: staging
    public: true
    checks:
      - { id: staging-web, url: "https://staging.${SECRET.url}/health", every: 1m, timeout: 5s }
`;

export interface SeedOptions {
  /** Name or impact text to use instead of the ordinary ones (injection cases). */
  readonly impact?: string;
  readonly incidentTitle?: string;
  readonly updateMessage?: string;
  readonly justification?: string;
}

export async function seedStatusWorld(deps: TestDeps, options: SeedOptions = {}) {
  const db = deps.database.db;
  const now = deps.clock();
  const at = (text: string) => instant(text);
  db.insert(environmentsSeen)
    .values(['acme-prod', 'globex-prod', 'staging'].map((envId) => ({ envId, firstSeenAt: at('2026-06-01T00:00:00-04:00') })))
    .onConflictDoNothing()
    .run();
  // Latest results: the application answers, the database too, sign-in is slow.
  const results: Array<[string, string, 'up' | 'degraded' | 'down', number]> = [
    ['acme-web', 'acme-prod', 'up', 120],
    ['acme-db', 'acme-prod', 'up', 4],
    ['acme-login', 'acme-prod', 'degraded', 2300],
    ['globex-web', 'globex-prod', 'down', 5000],
    ['staging-web', 'staging', 'up', 80],
  ];
  for (const [checkId, envId, status, latencyMs] of results) {
    storeResults(deps.database.sqlite, [{ checkId, envId, at: now - 10_000, status, latencyMs, reason: status === 'down' ? `timeout at ${SECRET.url}` : null }]);
  }
  // 30 counted minutes on Tuesday 10 November; 5 excused minutes on Thursday 12 November.
  await seedOutage(deps.database, { checkId: 'acme-web', envId: 'acme-prod', start: at('2026-11-10T10:00:00-05:00'), end: at('2026-11-10T10:30:00-05:00'), source: 'probe', reason: 'HTTP 503', createdBy: 'monitor', createdAt: now });
  const excused = await seedOutage(deps.database, { checkId: 'acme-web', envId: 'acme-prod', start: at('2026-11-12T14:00:00-05:00'), end: at('2026-11-12T14:05:00-05:00'), source: 'probe', reason: 'HTTP 502', createdBy: 'monitor', createdAt: now });
  await excludeOutage({ store: deps.database.store }, excused, createExclusionSchema.parse({ reason: 'client_internet', justification: options.justification ?? 'Panne du fournisseur Internet du client' }), { actor: 'sre-alice', now });
  // The private production is down: nothing of it may reach the public.
  await seedOutage(deps.database, { checkId: 'globex-web', envId: 'globex-prod', start: now - 3_600_000, end: null, lastDownAt: now - 10_000, source: 'probe', reason: 'timeout', createdBy: 'monitor', createdAt: now });

  const window = await registerWindow(
    { store: deps.database.store, config: deps.config },
    createWindowSchema.parse({
      environments: ['acme-prod', 'globex-prod'],
      start: '2026-11-18T22:00:00-05:00',
      end: '2026-11-18T23:30:00-05:00',
      impact: options.impact ?? 'Mise à jour de la base de données ; connexion impossible pendant 90 minutes.',
    }),
    { actor: 'sre-alice', now: now - 86_400_000 },
  );
  const desk = { store: deps.database.store, config: deps.config, calendars: deps.calendars };
  const incident = await createIncident(
    desk,
    createIncidentSchema.parse({ title: options.incidentTitle ?? 'Lenteurs à la connexion', priority: 'III', environments: ['acme-prod', 'globex-prod'], public: true }),
    { actor: 'sre-alice', now: now - 7_200_000 },
  );
  await addIncidentUpdate(desk, incident.id, { message: options.updateMessage ?? 'Nous avons identifié un index manquant.' }, { actor: 'sre-alice', now: now - 3_600_000 });
  const privateIncident = await createIncident(
    desk,
    createIncidentSchema.parse({ title: 'Private trouble at Globex', priority: 'I', environments: ['globex-prod'], public: true }),
    { actor: 'sre-alice', now: now - 3_600_000 },
  );
  return { windowId: window.id, incidentId: incident.id, privateIncidentId: privateIncident.id, excusedOutageId: excused };
}
