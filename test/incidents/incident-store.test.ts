import { beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/audit/audit-log.ts';
import { buildCalendars } from '../../src/config/calendars.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import { incidentDeadlines } from '../../src/incidents/incident-calendar.ts';
import { createIncidentSchema } from '../../src/incidents/incident-input.ts';
import { addIncidentUpdate, changePriority, createIncident, resolveIncident, respondToIncident, type DeskDeps } from '../../src/incidents/incident-service.ts';
import {
  carryIncidentsOver,
  eventsOf,
  findIncident,
  loadIncidents,
  noteOutageClosed,
  openIncident,
  type IncidentNotices,
  type OpenIncidentRequest,
} from '../../src/incidents/incident-store.ts';
import { indexChecks } from '../../src/outages/outage-recorder.ts';
import { closeOutage, insertOutage, type NewOutage } from '../../src/outages/outage-store.ts';
import { handOverIncidents, incidentOfSameFailure } from '../../src/outages/same-failure.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';

// Incidents (rule 8) are one contract on every database: opened with their deadlines, step and
// audit entry or not at all; their state moves forward only (responded once, resolved once, a
// resolved priority final); their timeline and the deadlines stored are read back as written;
// and the incidents the prober opens follow one failure from outage to outage.

const config = parseConfig(
  TEST_CONFIG_YAML.replace(
    '      - { id: acme-login,',
    '      - { id: acme-api, url: "http://127.0.0.1:9/api", every: 30s, timeout: 5s }\n      - { id: acme-login,',
  ),
  'test.yaml',
);
const calendars = buildCalendars(config);
const checks = indexChecks(config);
const check = (id: string) => checks.get(id)!.check;
const NOW = instant('2026-11-16T12:00:00-05:00');
const sre = { actor: 'sre-alice', now: NOW };

const probeOutage = (fields: Partial<NewOutage> = {}): NewOutage => ({
  checkId: 'acme-web',
  envId: 'acme-prod',
  start: instant('2026-11-16T11:58:00-05:00'),
  end: null,
  source: 'probe',
  reason: 'connection refused',
  createdBy: 'monitor',
  createdAt: NOW,
  ...fields,
});

const monitorIncident = (outageId: number, fields: Partial<OpenIncidentRequest> = {}): OpenIncidentRequest => ({
  config,
  calendars,
  actor: 'monitor',
  now: NOW,
  title: 'Acme Construction unavailable (acme-web)',
  priority: 'I',
  environments: ['acme-prod'],
  openedAt: instant('2026-11-16T11:58:00-05:00'),
  public: true,
  outageId,
  checkId: 'acme-web',
  feature: null,
  ...fields,
});

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`incidents on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    let desk: DeskDeps;
    freshStoreEachTest(backend, (opened) => {
      store = opened;
      desk = { store, config, calendars };
    });

    const outage = (fields: Partial<NewOutage> = {}) => store.transaction((tx) => insertOutage(tx, probeOutage(fields)));
    const open = (input: Record<string, unknown>, writer = sre) => createIncident(desk, createIncidentSchema.parse({ title: 'Lenteurs', priority: 'III', ...input }), writer);
    const steps = async (id: number) => (await eventsOf(store, [id])).map((event) => [event.type, event.actor, event.message]);

    describe('the desk', () => {
      it('opens an incident with its deadlines, its environments in the order of their ids, its opening step and its audit entry', async () => {
        const incident = await open({ environments: ['globex-prod', 'acme-prod'], kind: 'help', channel: 'email', public: true });
        const deadlines = incidentDeadlines({ config, calendars }, { priority: 'III', openedAt: NOW, calendar: 'default' });
        expect(incident).toEqual({
          id: 1,
          title: 'Lenteurs',
          priority: 'III',
          kind: 'help',
          channel: 'email',
          public: true,
          calendar: 'default',
          openedAt: NOW,
          createdAt: NOW,
          createdBy: 'sre-alice',
          externalRef: null,
          responseDueAt: deadlines.responseDueAt,
          resolutionDueAt: deadlines.resolutionDueAt,
          respondedAt: null,
          resolvedAt: null,
          outageId: null,
          checkId: null,
          feature: null,
          environmentIds: ['acme-prod', 'globex-prod'],
        });
        expect(await findIncident(store, 1)).toEqual(incident);
        expect(await eventsOf(store, [1])).toEqual([{ id: 1, incidentId: 1, at: NOW, actor: 'sre-alice', type: 'opened', message: null, details: { priority: 'III', channel: 'email' } }]);
        expect(await listAudit(store)).toMatchObject([{ actor: 'sre-alice', action: 'incident.open', target: 'incident:1', details: { title: 'Lenteurs', priority: 'III', environments: ['globex-prod', 'acme-prod'] } }]);
      });

      it('an imported ticket keeps its opening and its reference; its clocks run from then', async () => {
        const openedAt = instant('2026-11-12T09:00:00-05:00');
        const incident = await open({ priority: 'II', openedAt: '2026-11-12T09:00:00-05:00', externalRef: 'ZD-4411' });
        expect(incident).toMatchObject({ openedAt, createdAt: NOW, externalRef: 'ZD-4411', ...incidentDeadlines({ config, calendars }, { priority: 'II', openedAt, calendar: 'default' }) });
      });

      it('posts updates, responds once, changes the priority with new deadlines, resolves once: the timeline in order', async () => {
        await open({ environments: ['acme-prod'], public: true });
        await addIncidentUpdate(desk, 1, { message: 'Index manquant trouvé' }, { actor: 'sre-alice', now: NOW + 60_000 });
        const responded = await respondToIncident(desk, 1, { message: 'Pris en charge' }, { actor: 'sre-bob', now: NOW + 120_000 });
        expect(responded.respondedAt).toBe(NOW + 120_000);
        const raised = await changePriority(desk, 1, { priority: 'II', reason: 'Touche la paie' }, { actor: 'sre-bob', now: NOW + 180_000 });
        // A new priority restarts nothing: the deadlines are recomputed from the opening.
        expect(raised).toMatchObject({ priority: 'II', ...incidentDeadlines({ config, calendars }, { priority: 'II', openedAt: NOW, calendar: 'default' }) });
        await addIncidentUpdate(desk, 1, { message: 'Correctif déployé', monitoring: true }, { actor: 'sre-alice', now: NOW + 240_000 });
        const resolved = await resolveIncident(desk, 1, { message: 'Résolu' }, { actor: 'sre-alice', now: NOW + 300_000 });
        expect(resolved).toMatchObject({ respondedAt: NOW + 120_000, resolvedAt: NOW + 300_000 });
        expect(await steps(1)).toEqual([
          ['opened', 'sre-alice', null],
          ['update', 'sre-alice', 'Index manquant trouvé'],
          ['responded', 'sre-bob', 'Pris en charge'],
          ['priority', 'sre-bob', 'Touche la paie'],
          ['monitoring', 'sre-alice', 'Correctif déployé'],
          ['resolved', 'sre-alice', 'Résolu'],
        ]);
        expect((await listAudit(store)).map((entry) => entry.action).reverse()).toEqual([
          'incident.open',
          'incident.update',
          'incident.respond',
          'incident.priority',
          'incident.update',
          'incident.resolve',
        ]);
      });

      it('moves forward only: a second response or resolution, a priority once resolved, are refused and write nothing', async () => {
        await open({});
        await respondToIncident(desk, 1, {}, sre);
        await expect(respondToIncident(desk, 1, {}, sre)).rejects.toThrow('incident 1 was already responded to');
        await expect(changePriority(desk, 1, { priority: 'III', reason: 'same' }, sre)).rejects.toThrow('already has priority III');
        await resolveIncident(desk, 1, {}, sre);
        await expect(resolveIncident(desk, 1, {}, sre)).rejects.toThrow('incident 1 was already resolved');
        await expect(changePriority(desk, 1, { priority: 'I', reason: 'late' }, sre)).rejects.toThrow('its priority is final');
        expect(await steps(1)).toEqual([
          ['opened', 'sre-alice', null],
          ['responded', 'sre-alice', null],
          ['resolved', 'sre-alice', null],
        ]);
        expect(await listAudit(store)).toHaveLength(3);
      });

      it('a resolution without a response stops both clocks; none before the opening, the response, or after now', async () => {
        await open({});
        await expect(resolveIncident(desk, 1, { at: NOW - 1 }, sre)).rejects.toMatchObject({ fields: [{ field: 'at' }] });
        await expect(resolveIncident(desk, 1, { at: NOW + 1 }, sre)).rejects.toMatchObject({ fields: [{ field: 'at' }] });
        await respondToIncident(desk, 1, {}, { actor: 'sre-alice', now: NOW + 60_000 });
        await expect(resolveIncident(desk, 1, { at: NOW + 30_000 }, { actor: 'sre-alice', now: NOW + 90_000 })).rejects.toThrow('is before the first response');
        await open({ title: 'Autre' });
        expect(await resolveIncident(desk, 2, {}, { actor: 'sre-alice', now: NOW + 90_000 })).toMatchObject({ respondedAt: NOW + 90_000, resolvedAt: NOW + 90_000 });
        await expect(addIncidentUpdate(desk, 7, { message: 'x' }, sre)).rejects.toThrow('incident 7 not found');
      });

      it('lists incidents newest opening first, by opening span, public only, unresolved only', async () => {
        await open({ title: 'Ancien', public: true }, { actor: 'sre-alice', now: NOW - 7_200_000 });
        await open({ title: 'Privé' }, { actor: 'sre-alice', now: NOW - 3_600_000 });
        await open({ title: 'Récent', public: true });
        await resolveIncident(desk, 1, {}, sre);
        const titles = async (query: Parameters<typeof loadIncidents>[1]) => (await loadIncidents(store, query)).map((incident) => incident.title);
        expect(await titles({})).toEqual(['Récent', 'Privé', 'Ancien']);
        expect(await titles({ publicOnly: true })).toEqual(['Récent', 'Ancien']);
        expect(await titles({ unresolvedOnly: true })).toEqual(['Récent', 'Privé']);
        expect(await titles({ from: NOW - 3_600_000, to: NOW })).toEqual(['Privé']);
        expect(await titles({ ids: [1, 3] })).toEqual(['Récent', 'Ancien']);
        expect(await eventsOf(store, [])).toEqual([]);
      });

      it('tells the notices in the transaction of the write, and a failing notice undoes the write', async () => {
        const told: string[] = [];
        const notices: IncidentNotices = {
          incidentOpened: async (tx, event) => {
            told.push(`opened ${event.incidentId} (${(await tx.db.select().from(tx.t.incidents)).length} stored)`);
          },
          incidentResolved: async (_tx, event) => {
            told.push(`resolved ${event.incidentId}`);
            throw new Error('outbox full');
          },
        };
        await createIncident({ ...desk, notices }, createIncidentSchema.parse({ title: 'Lenteurs', priority: 'III' }), sre);
        await expect(resolveIncident({ ...desk, notices }, 1, {}, sre)).rejects.toThrow('outbox full');
        expect(told).toEqual(['opened 1 (1 stored)', 'resolved 1']);
        expect((await findIncident(store, 1))!.resolvedAt).toBeNull();
        expect(await steps(1)).toEqual([['opened', 'sre-alice', null]]);
      });
    });

    describe('what the prober calls', () => {
      it('opens a monitor incident for an outage once, with its deadlines, step and audit entry', async () => {
        const outageId = await outage();
        const id = await store.transaction((tx) => openIncident(tx, monitorIncident(outageId)));
        expect(await store.transaction((tx) => openIncident(tx, monitorIncident(outageId, { now: NOW + 60_000 })))).toBe(id);
        expect(await findIncident(store, id)).toMatchObject({
          channel: 'monitor',
          kind: 'incident',
          public: true,
          outageId,
          checkId: 'acme-web',
          responseDueAt: instant('2026-11-16T12:28:00-05:00'),
          resolutionDueAt: instant('2026-11-16T15:58:00-05:00'),
          environmentIds: ['acme-prod'],
        });
        expect(await listAudit(store)).toMatchObject([{ actor: 'monitor', action: 'incident.open', target: `incident:${id}` }]);
      });

      it('leaves nothing when the caller’s transaction fails after it, and a savepoint keeps the rest', async () => {
        const outageId = await outage();
        await expect(
          store.transaction(async (tx) => {
            await openIncident(tx, monitorIncident(outageId));
            throw new Error('prober write failed');
          }),
        ).rejects.toThrow('prober write failed');
        expect(await loadIncidents(store, {})).toEqual([]);
        await store.transaction(async (tx) => {
          await tx.savepoint((inner) => openIncident(inner, monitorIncident(outageId))).catch(() => undefined);
          await tx
            .savepoint(async (inner) => {
              await openIncident(inner, monitorIncident(outageId, { title: 'second' }));
              throw new Error('no');
            })
            .catch(() => undefined);
        });
        expect((await loadIncidents(store, {})).map((incident) => incident.title)).toEqual(['Acme Construction unavailable (acme-web)']);
      });

      it('notes the end of the outage on its open incidents (a monitoring step), none after a gap, none on resolved ones', async () => {
        const first = await outage();
        const second = await outage({ checkId: 'globex-web', envId: 'globex-prod' });
        const id = await store.transaction((tx) => openIncident(tx, monitorIncident(first)));
        const other = await store.transaction((tx) => openIncident(tx, monitorIncident(second, { environments: ['globex-prod'], checkId: 'globex-web' })));
        const end = instant('2026-11-16T11:40:00-05:00');
        expect(await store.transaction((tx) => noteOutageClosed(tx, { outageId: first, end, now: NOW }))).toEqual([id]);
        expect(await steps(id)).toEqual([
          ['monitoring', 'monitor', null],
          ['opened', 'monitor', null],
        ]);
        expect((await eventsOf(store, [id]))[0]).toMatchObject({ at: end, details: { outageId: first, outageEnd: '2026-11-16T16:40:00.000Z' } });
        expect(await store.transaction((tx) => noteOutageClosed(tx, { outageId: second, end, now: NOW, cause: 'gap' }))).toEqual([other]);
        expect(await steps(other)).toEqual([['opened', 'monitor', null]]);
        await resolveIncident(desk, id, {}, sre);
        expect(await store.transaction((tx) => noteOutageClosed(tx, { outageId: first, end, now: NOW }))).toEqual([]);
        expect((await listAudit(store)).filter((entry) => entry.action === 'incident.outage-closed').map((entry) => entry.target)).toEqual([`incident:${other}`, `incident:${id}`]);
      });

      it('carries the incidents of an outage a gap ended over to the next outage of the check, not those of one that recovered', async () => {
        const gapped = await outage();
        await store.transaction((tx) => closeOutage(tx, gapped, { end: NOW - 60_000, closedReason: 'gap' }));
        const id = await store.transaction((tx) => openIncident(tx, monitorIncident(gapped)));
        const next = await outage({ start: NOW });
        expect(await store.transaction((tx) => carryIncidentsOver(tx, { checkId: 'acme-web', toOutageId: next, now: NOW, actor: 'monitor' }))).toEqual([id]);
        expect((await findIncident(store, id))!.outageId).toBe(next);
        expect(await listAudit(store)).toMatchObject([{ action: 'incident.outage-continued', target: `incident:${id}`, details: { from: gapped, outageId: next } }, { action: 'incident.open' }]);

        const recovered = await outage({ checkId: 'globex-web', envId: 'globex-prod' });
        expect(await store.transaction((tx) => closeOutage(tx, recovered, { end: NOW, closedReason: 'recovered' }))).toBe(true);
        expect(await store.transaction((tx) => closeOutage(tx, recovered, { end: NOW + 1, closedReason: 'recovered' }))).toBe(false);
        await store.transaction((tx) => openIncident(tx, monitorIncident(recovered, { environments: ['globex-prod'], checkId: 'globex-web' })));
        const after = await outage({ checkId: 'globex-web', envId: 'globex-prod', start: NOW + 60_000 });
        expect(await store.transaction((tx) => carryIncidentsOver(tx, { checkId: 'globex-web', toOutageId: after, now: NOW, actor: 'monitor' }))).toEqual([]);
      });

      it('groups one failure: the incident of another check down for the same failure of the environment, while its outage is open', async () => {
        const web = await outage();
        const id = await store.transaction((tx) => openIncident(tx, monitorIncident(web)));
        const same = (checkId: string) => store.transaction((tx) => incidentOfSameFailure(tx, check(checkId)));
        // acme-api watches the same environment's availability; acme-login a feature; globex-web another environment.
        expect(await same('acme-api')).toBe(id);
        expect(await same('acme-login')).toBeNull();
        expect(await same('globex-web')).toBeNull();
        await store.transaction((tx) => closeOutage(tx, web, { end: NOW, closedReason: 'recovered' }));
        expect(await same('acme-api')).toBeNull();
      });

      it('hands the incidents of an ending outage over to another open outage of the same failure, else keeps them', async () => {
        const web = await outage();
        const api = await outage({ checkId: 'acme-api' });
        await outage({ checkId: 'acme-login' });
        const id = await store.transaction((tx) => openIncident(tx, monitorIncident(web)));
        const handOver = (from: string, outageId: number) => store.transaction((tx) => handOverIncidents(tx, checks, check(from), { outageId, now: NOW, actor: 'monitor' }));
        expect(await handOver('acme-web', web)).toEqual([id]);
        expect((await findIncident(store, id))!.outageId).toBe(api);
        // The login feature is another failure: nothing follows it.
        await store.transaction((tx) => closeOutage(tx, web, { end: NOW, closedReason: 'recovered' }));
        expect(await handOver('acme-api', api)).toEqual([]);
        expect((await findIncident(store, id))!.outageId).toBe(api);
      });
    });
  });
}
