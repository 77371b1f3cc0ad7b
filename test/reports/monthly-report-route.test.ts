import { afterEach, describe, expect, it } from 'vitest';
import { storeResults } from '../../src/history/result-history.ts';
import { outages, unmonitoredSpans } from '../../src/store/schema/index.ts';
import { instant } from '../../src/time/iso.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const MIN = 60_000;
let t: TestApp;
afterEach(() => t?.close());

function insertOutage(row: { checkId: string; envId: string; start: string; end?: string; lastDownAt?: string; source?: 'probe' | 'manual' }) {
  return t.deps.database.db
    .insert(outages)
    .values({
      checkId: row.checkId,
      envId: row.envId,
      start: instant(row.start),
      end: row.end ? instant(row.end) : null,
      lastDownAt: row.lastDownAt ? instant(row.lastDownAt) : null,
      source: row.source ?? 'probe',
      createdAt: instant(row.start),
    })
    .returning()
    .get();
}

describe('GET /api/v1/reports/monthly', () => {
  it('shows public production environments to anyone and all of them to a viewer', async () => {
    t = createTestApp();
    const anonymous = await t.call('GET', '/api/v1/reports/monthly?month=2026-03');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.environments.map((e: { id: string }) => e.id)).toEqual(['acme-prod']);
    const viewer = await t.call('GET', '/api/v1/reports/monthly?month=2026-03', { token: t.token('viewer') });
    expect(viewer.body.environments.map((e: { id: string }) => e.id)).toEqual(['acme-prod', 'globex-prod']);
    expect(viewer.body.incidents).toEqual({
      I: { count: 0, responseMet: 0, resolutionMet: 0 },
      II: { count: 0, responseMet: 0, resolutionMet: 0 },
      III: { count: 0, responseMet: 0, resolutionMet: 0 },
      IV: { count: 0, responseMet: 0, resolutionMet: 0 },
    });
  });

  it('refuses an unknown token and a malformed month', async () => {
    t = createTestApp();
    expect((await t.call('GET', '/api/v1/reports/monthly?month=2026-03', { token: 'nope' })).status).toBe(401);
    for (const month of ['', '2026-3', '2026-13', '26-03', '2026-03-01']) {
      const answer = await t.call('GET', `/api/v1/reports/monthly?month=${month}`);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('invalid_input');
      expect(answer.body.error.message).toMatch(/^month: /);
    }
  });

  it('counts only availability checks, in business hours, overlapping outages once', async () => {
    t = createTestApp();
    // Tuesday 2026-03-10, 16:30–17:30 EDT on the web check: 30 business minutes.
    insertOutage({ checkId: 'acme-web', envId: 'acme-prod', start: '2026-03-10T16:30:00-04:00', end: '2026-03-10T17:30:00-04:00' });
    // A feature check down at the same time: never environment downtime.
    insertOutage({ checkId: 'acme-login', envId: 'acme-prod', start: '2026-03-10T10:00:00-04:00', end: '2026-03-10T12:00:00-04:00' });
    const { body } = await t.call('GET', '/api/v1/reports/monthly?month=2026-03');
    const acme = body.environments[0];
    expect(acme).toMatchObject({ rawDowntimeMs: 60 * MIN, outsideBusinessMs: 30 * MIN, downtimeMs: 30 * MIN, excludedMaintenanceMs: 0, excludedOtherMs: 0 });
    expect(acme.businessMs).toBe(176 * 60 * MIN);
    expect(acme.availability).toBe((100 * (176 * 60 - 30)) / (176 * 60));
  });

  it('counts an open outage the prober stopped watching only up to its last failure, and reports the gap as unmonitored', async () => {
    t = createTestApp({ now: '2026-11-16T15:00:00-05:00' });
    // Monday 2026-11-16: down from 10:00, last failure seen at 10:20, then the daemon stopped.
    insertOutage({ checkId: 'acme-web', envId: 'acme-prod', start: '2026-11-16T10:00:00-05:00', lastDownAt: '2026-11-16T10:20:00-05:00' });
    storeResults(t.deps.database.sqlite, [{ checkId: 'acme-web', envId: 'acme-prod', at: instant('2026-11-16T10:20:00-05:00'), status: 'down', reason: 'refused' }]);
    t.deps.database.db.insert(unmonitoredSpans).values({ checkId: 'acme-web', envId: 'acme-prod', start: instant('2026-11-02T09:00:00-05:00'), end: instant('2026-11-02T09:45:00-05:00') }).run();
    const { body } = await t.call('GET', '/api/v1/reports/monthly?month=2026-11');
    const acme = body.environments[0];
    expect(acme.downtimeMs).toBe(20 * MIN);
    // 10:20 → 15:00 on the 16th, plus 45 minutes on the 2nd.
    expect(acme.unmonitoredMs).toBe((4 * 60 + 40 + 45) * MIN);
    expect(body.complete).toBe(false);
    expect(acme.businessMs).toBe(10_080 * MIN);
  });

  it('counts an open outage that is still being observed up to now', async () => {
    t = createTestApp({ now: '2026-11-16T10:30:00-05:00' });
    insertOutage({ checkId: 'acme-web', envId: 'acme-prod', start: '2026-11-16T10:00:00-05:00', lastDownAt: '2026-11-16T10:29:30-05:00' });
    storeResults(t.deps.database.sqlite, [{ checkId: 'acme-web', envId: 'acme-prod', at: instant('2026-11-16T10:29:30-05:00'), status: 'down', reason: 'refused' }]);
    const { body } = await t.call('GET', '/api/v1/reports/monthly?month=2026-11');
    expect(body.environments[0].downtimeMs).toBe(30 * MIN);
  });
});
