import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeResults } from '../../src/history/result-history.ts';
import { HAVE_PROMTOOL, NO_PROMTOOL, promtoolProblems } from '../support/promtool.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { SECRET, SEED_NOW, STATUS_CONFIG_YAML, seedStatusWorld } from '../web/seed.ts';

let t: TestApp;
beforeEach(async () => {
  t = createTestApp({ configYaml: STATUS_CONFIG_YAML, now: SEED_NOW });
  await seedStatusWorld(t.deps);
});
afterEach(() => t.close());

async function scrape(token?: string) {
  const response = await t.app.request('/metrics', token ? { headers: { authorization: `Bearer ${token}` } } : {});
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return response.text();
}

describe('GET /metrics', () => {
  it('is valid exposition text: every sample belongs to a family declared with HELP and TYPE', async () => {
    const text = await scrape();
    const declared = new Set([...text.matchAll(/^# TYPE (\S+) (counter|gauge|histogram)$/gm)].map((match) => match[1]));
    expect(declared).toEqual(
      new Set([
        'veille_probe_results_total',
        'veille_probe_latency_seconds',
        'veille_check_last_result_timestamp_seconds',
        'veille_check_schedule_lag_seconds',
        'veille_open_outages',
        'veille_month_availability_percent',
        'veille_month_budget_left_seconds',
        'veille_database_writable',
        'veille_database_write_errors_total',
        'veille_results_queued',
        'veille_results_dropped_total',
        'veille_results_fenced_out_total',
        'veille_environment_state',
      ]),
    );
    for (const line of text.trim().split('\n')) {
      if (line.startsWith('#')) continue;
      const match = /^([a-z_]+?)(_bucket|_sum|_count)?(\{[^}]*\})? (-?[0-9.e+]+|\+Inf|NaN)$/.exec(line);
      expect(match, line).not.toBeNull();
      expect(declared.has(match![1]!) || declared.has(`${match![1]}${match![2] ?? ''}`), line).toBe(true);
    }
  });

  it("passes Prometheus' own checker, promtool check metrics, with and without a token", async () => {
    if (!HAVE_PROMTOOL) return console.warn(NO_PROMTOOL);
    expect(promtoolProblems(await scrape())).toBe('');
    expect(promtoolProblems(await scrape(t.token('viewer')))).toBe('');
  });

  it('without a token: public production environments only, checks by their public label', async () => {
    const text = await scrape();
    expect(text).toContain('veille_probe_results_total{environment="acme-prod",component="feature:login",status="degraded"} 1');
    expect(text).toContain('veille_probe_latency_seconds_bucket{environment="acme-prod",component="application",le="0.25"} 1');
    expect(text).toContain('veille_probe_latency_seconds_bucket{environment="acme-prod",component="application",le="0.1"} 0');
    expect(text).toContain('veille_probe_latency_seconds_count{environment="acme-prod",component="database"} 1');
    expect(text).toContain('veille_month_availability_percent{environment="acme-prod",month="2026-11"} 99.70238095238095');
    expect(text).toContain('veille_month_budget_left_seconds{environment="acme-prod",month="2026-11"} 4248');
    expect(text).toContain('veille_environment_state{environment="acme-prod",state="degraded"} 1');
    expect(text).toContain('veille_open_outages{environment="acme-prod"} 0');
    for (const secret of [...SECRET.checkIds, 'globex-prod', 'staging', SECRET.url]) expect(text).not.toContain(secret);
  });

  it('with a token: every environment, and the check ids', async () => {
    const text = await scrape(t.token('viewer'));
    expect(text).toContain('veille_probe_results_total{environment="globex-prod",component="application",check="globex-web",status="down"} 1');
    expect(text).toContain('veille_open_outages{environment="globex-prod"} 1');
    expect(text).toContain('veille_month_availability_percent{environment="globex-prod",month="2026-11"}');
    // A result 10 s old on a 30 s check is on time; 70 s without one is 40 s behind.
    expect(text).toContain('veille_check_schedule_lag_seconds{environment="acme-prod",component="application",check="acme-web"} 0');
    t.setNow(t.now() + 60_000);
    expect(await scrape(t.token('viewer'))).toContain('veille_check_schedule_lag_seconds{environment="acme-prod",component="application",check="acme-web"} 40');
  });

  it('counts results as they are stored, cumulatively', async () => {
    await scrape();
    for (let k = 0; k < 3; k++) storeResults(t.deps.database.sqlite, [{ checkId: 'acme-web', envId: 'acme-prod', at: t.now() + k, status: 'up', latencyMs: 40, reason: null }]);
    const text = await scrape();
    expect(text).toContain('veille_probe_results_total{environment="acme-prod",component="application",status="up"} 4');
    expect(text).toContain('veille_probe_latency_seconds_bucket{environment="acme-prod",component="application",le="0.05"} 3');
    expect(text).toContain('veille_probe_latency_seconds_sum{environment="acme-prod",component="application"} 0.24');
  });
});
