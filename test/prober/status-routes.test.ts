import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeResults } from '../../src/history/result-history.ts';
import { readLatest } from '../../src/status/latest-readings.ts';
import { instant } from '../../src/time/iso.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// TEST_CONFIG: acme-prod (public production: acme-web, feature acme-login), globex-prod
// (private production), staging. Results and outages are written as the prober would.

let t: TestApp;
beforeEach(() => {
  t = createTestApp({ now: '2026-11-16T12:00:00-05:00' });
});
afterEach(() => t.close());

function result(checkId: string, envId: string, at: string, status: 'up' | 'degraded' | 'down', reason: string | null = null) {
  storeResults(t.deps.database.sqlite, [{ checkId, envId, at: instant(at), status, latencyMs: status === 'down' ? 5000 : 42, reason }]);
}

describe('GET /api/v1/status', () => {
  it('shows anyone the public production environments only, with no URL, check id or client name', async () => {
    result('acme-web', 'acme-prod', '2026-11-16T11:59:40-05:00', 'up');
    result('acme-login', 'acme-prod', '2026-11-16T11:59:10-05:00', 'degraded', 'slow');
    result('globex-web', 'globex-prod', '2026-11-16T11:59:40-05:00', 'up');
    const { status, body } = await t.call('GET', '/api/v1/status');
    expect(status).toBe(200);
    expect(body).toEqual({
      at: '2026-11-16T17:00:00.000Z',
      state: 'degraded',
      environments: [
        {
          id: 'acme-prod',
          name: 'Acme Construction',
          state: 'degraded',
          updatedAt: '2026-11-16T16:59:40.000Z',
          checks: [
            { label: { kind: 'application', ordinal: null }, role: 'availability', state: 'up', latencyMs: 42, checkedAt: '2026-11-16T16:59:40.000Z' },
            { label: { kind: 'feature', feature: 'login', ordinal: null }, role: 'feature', state: 'degraded', latencyMs: 42, checkedAt: '2026-11-16T16:59:10.000Z' },
          ],
        },
      ],
    });
    const text = JSON.stringify(body);
    for (const secret of ['127.0.0.1', 'acme-web', 'Globex', 'Acme"', 'staging']) expect(text).not.toContain(secret);
  });

  it('is down while an outage is open, and unknown after more than 3 intervals of silence', async () => {
    result('acme-web', 'acme-prod', '2026-11-16T11:59:30-05:00', 'down', 'refused');
    t.deps.database.sqlite
      .prepare("INSERT INTO outages (check_id, env_id, start, last_down_at, source, reason, created_at) VALUES ('acme-web', 'acme-prod', ?, ?, 'probe', 'refused', ?)")
      .run(instant('2026-11-16T11:59:00-05:00'), instant('2026-11-16T11:59:30-05:00'), instant('2026-11-16T11:59:30-05:00'));
    result('acme-login', 'acme-prod', '2026-11-16T11:55:00-05:00', 'up'); // every 1m: silent for 5 min
    const { body } = await t.call('GET', '/api/v1/status');
    expect(body.environments[0].state).toBe('major_outage');
    expect(body.environments[0].checks.map((c: { state: string }) => c.state)).toEqual(['down', 'unknown']);
    expect(body.state).toBe('major_outage');
  });

  it('reads a down not yet confirmed as degraded (rule 4: one failure is not an outage)', async () => {
    result('acme-web', 'acme-prod', '2026-11-16T11:59:30-05:00', 'down', 'timeout');
    const { body } = await t.call('GET', '/api/v1/status');
    expect(body.environments[0].checks[0].state).toBe('degraded');
  });

  it('shows a viewer every environment with URLs, clients, the last reason and the open outage', async () => {
    result('globex-web', 'globex-prod', '2026-11-16T11:59:30-05:00', 'down', 'status 503');
    const outageId = Number(
      t.deps.database.sqlite
        .prepare("INSERT INTO outages (check_id, env_id, start, last_down_at, source, reason, created_at) VALUES ('globex-web', 'globex-prod', ?, ?, 'probe', 'status 503', 0)")
        .run(instant('2026-11-16T11:59:00-05:00'), instant('2026-11-16T11:59:30-05:00')).lastInsertRowid,
    );
    const { status, body } = await t.call('GET', '/api/v1/status', { token: t.token('viewer') });
    expect(status).toBe(200);
    expect(body.environments.map((e: { id: string }) => e.id)).toEqual(['acme-prod', 'globex-prod', 'staging']);
    const globex = body.environments[1];
    expect(globex).toMatchObject({ type: 'production', public: false, clients: ['Globex'], state: 'major_outage' });
    expect(globex.checks[0]).toEqual({
      id: 'globex-web',
      url: 'http://127.0.0.1:9/health',
      feature: null,
      label: { kind: 'application', ordinal: null },
      role: 'availability',
      state: 'down',
      latencyMs: null,
      checkedAt: '2026-11-16T16:59:30.000Z',
      lastResult: { at: '2026-11-16T16:59:30.000Z', status: 'down', latencyMs: 5000, reason: 'status 503' },
      outage: { id: outageId, start: '2026-11-16T16:59:00.000Z', source: 'probe' },
    });
    expect(body.environments[2].state).toBe('unknown');
  });

  it('refuses an unknown token rather than showing less', async () => {
    expect((await t.call('GET', '/api/v1/status', { token: 'not-a-token' })).status).toBe(401);
  });
});

describe('reading many checks at once', () => {
  // acme-web is probed every 30 s: silent for more than 3 intervals (90 s) is unknown.
  const at = (iso: string) => instant(iso);
  const scenarios: Array<[string, (t: TestApp) => void, { state: string; latencyMs: number | null; checkedAt: number | null }]> = [
    ['never probed', () => undefined, { state: 'unknown', latencyMs: null, checkedAt: null }],
    ['fresh up', () => result('acme-web', 'acme-prod', '2026-11-16T11:59:40-05:00', 'up'), { state: 'up', latencyMs: 42, checkedAt: at('2026-11-16T11:59:40-05:00') }],
    [
      'fresh degraded',
      () => result('acme-web', 'acme-prod', '2026-11-16T11:59:40-05:00', 'degraded', 'slow'),
      { state: 'degraded', latencyMs: 42, checkedAt: at('2026-11-16T11:59:40-05:00') },
    ],
    [
      'fresh down, not confirmed',
      () => result('acme-web', 'acme-prod', '2026-11-16T11:59:40-05:00', 'down', 'timeout'),
      { state: 'degraded', latencyMs: null, checkedAt: at('2026-11-16T11:59:40-05:00') },
    ],
    ['silent for 3 intervals exactly', () => result('acme-web', 'acme-prod', '2026-11-16T11:58:30-05:00', 'up'), { state: 'up', latencyMs: 42, checkedAt: at('2026-11-16T11:58:30-05:00') }],
    ['silent for longer', () => result('acme-web', 'acme-prod', '2026-11-16T11:58:29-05:00', 'up'), { state: 'unknown', latencyMs: null, checkedAt: at('2026-11-16T11:58:29-05:00') }],
    [
      'probe outage, current',
      (t) => {
        result('acme-web', 'acme-prod', '2026-11-16T11:59:40-05:00', 'down', 'refused');
        outage(t, 'probe');
      },
      { state: 'down', latencyMs: null, checkedAt: at('2026-11-16T11:59:40-05:00') },
    ],
    [
      'probe outage, results stopped',
      (t) => {
        result('acme-web', 'acme-prod', '2026-11-16T11:50:00-05:00', 'down', 'refused');
        outage(t, 'probe');
      },
      { state: 'unknown', latencyMs: null, checkedAt: at('2026-11-16T11:50:00-05:00') },
    ],
    ['manual outage, no results', (t) => outage(t, 'manual'), { state: 'down', latencyMs: null, checkedAt: null }],
  ];
  function outage(t: TestApp, source: 'probe' | 'manual') {
    t.deps.database.sqlite
      .prepare("INSERT INTO outages (check_id, env_id, start, source, created_at) VALUES ('acme-web', 'acme-prod', ?, ?, 0)")
      .run(instant('2026-11-16T11:40:00-05:00'), source);
  }

  it.each(scenarios)('reads as the status page’s rules say: %s', async (_name, arrange, expected) => {
    arrange(t);
    const check = t.config.environments[0]!.checks[0]!;
    expect((await readLatest(t.deps.database.store, [check], t.now())).get(check.id)!.reading).toEqual(expected);
  });
});
