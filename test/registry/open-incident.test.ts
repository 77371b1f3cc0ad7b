import { afterEach, describe, expect, it } from 'vitest';
import { noteOutageClosed, openIncident, findIncident, eventsOf } from '../../src/incidents/incident-store.ts';
import { insertOutage } from '../../src/outages/outage-store.ts';
import { instant } from '../../src/time/iso.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// What the prober calls: an incident opened by an outage, inside the prober's own transaction.

let t: TestApp;
afterEach(() => t?.close());

function probeOutage(start: string): number {
  return insertOutage(t.deps.database.db, {
    checkId: 'acme-web',
    envId: 'acme-prod',
    start: instant(start),
    end: null,
    source: 'probe',
    reason: 'connection refused',
    createdBy: null,
    createdAt: instant(start),
  });
}

describe('openIncident', () => {
  it('opens a monitor incident for an outage once, with its deadlines, step and audit entry', () => {
    t = createTestApp();
    const outageId = probeOutage('2026-11-16T11:58:00-05:00');
    const request = {
      config: t.deps.config,
      calendars: t.deps.calendars,
      actor: 'monitor',
      now: t.now(),
      title: 'acme-web is down',
      priority: 'I' as const,
      environments: ['acme-prod'],
      openedAt: instant('2026-11-16T11:58:00-05:00'),
      public: true,
      outageId,
      checkId: 'acme-web',
    };
    const db = t.deps.database.db;
    const id = db.transaction((tx) => openIncident(tx, request));
    const again = db.transaction((tx) => openIncident(tx, { ...request, now: t.now() + 60_000 }));
    expect(again).toBe(id);
    const incident = findIncident(db, id)!;
    expect(incident).toMatchObject({
      channel: 'monitor',
      kind: 'incident',
      public: true,
      outageId,
      responseDueAt: instant('2026-11-16T12:28:00-05:00'),
      resolutionDueAt: instant('2026-11-16T15:58:00-05:00'),
      environmentIds: ['acme-prod'],
    });
    const audit = t.deps.database.sqlite.prepare('select actor, action, target from audit_log').all();
    expect(audit).toEqual([{ actor: 'monitor', action: 'incident.open', target: `incident:${id}` }]);
  });

  it('notes the end of the outage on its open incidents, not on resolved ones', () => {
    t = createTestApp();
    const db = t.deps.database.db;
    const outageId = probeOutage('2026-11-16T11:00:00-05:00');
    const base = { config: t.deps.config, calendars: t.deps.calendars, actor: 'monitor', now: t.now(), title: 'down', priority: 'I' as const, environments: ['acme-prod'] };
    const id = db.transaction((tx) => openIncident(tx, { ...base, outageId }));
    const touched = db.transaction((tx) => noteOutageClosed(tx, { outageId, end: instant('2026-11-16T11:40:00-05:00'), now: t.now() }));
    expect(touched).toEqual([id]);
    expect(eventsOf(db, [id]).map((e) => [e.type, e.at])).toEqual([
      ['monitoring', instant('2026-11-16T11:40:00-05:00')],
      ['opened', t.now()],
    ]);
    expect(db.transaction((tx) => noteOutageClosed(tx, { outageId: outageId + 1, end: t.now(), now: t.now() }))).toEqual([]);
  });

  it('leaves nothing when the caller’s transaction fails after it', () => {
    t = createTestApp();
    const db = t.deps.database.db;
    const count = () => (t.deps.database.sqlite.prepare('select count(*) as n from incidents').get() as { n: number }).n;
    expect(() =>
      db.transaction((tx) => {
        openIncident(tx, { config: t.deps.config, calendars: t.deps.calendars, actor: 'monitor', now: t.now(), title: 'down', priority: 'II' });
        throw new Error('prober write failed');
      }),
    ).toThrow('prober write failed');
    expect(count()).toBe(0);
  });
});
