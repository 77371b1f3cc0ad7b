import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { instant } from '../../src/time/iso.ts';
import { HAVE_PROMTOOL, NO_PROMTOOL, promtoolProblems } from '../support/promtool.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { twoLocationsYaml } from '../support/two-locations.ts';

// /metrics once the configuration names its locations: the series of probe results carry the
// location that took them, each result counted once; without locations nothing changes (the
// rest of test/interop/metrics.test.ts). The exposition passes promtool where it is installed.

const CONFIG = twoLocationsYaml('{ id: acme-web, url: "http://127.0.0.1:9/web", every: 30s, timeout: 5s }');
const T = instant('2026-11-16T11:58:00-05:00');

let t: TestApp;
beforeEach(() => {
  t = createTestApp({ configYaml: CONFIG, now: '2026-11-16T12:00:00-05:00' });
});
afterEach(() => t.close());

async function scrape(token?: string): Promise<string> {
  const response = await t.app.request('/metrics', token ? { headers: { authorization: `Bearer ${token}` } } : {});
  expect(response.status).toBe(200);
  return response.text();
}

function run(id: number, location: string, status: 'up' | 'down', lastAt: number, count: number) {
  return { id, checkId: 'acme-web', envId: 'acme-prod', location, status, firstAt: T, lastAt, count, lastLatencyMs: status === 'up' ? 40 : null };
}

describe('GET /metrics with locations', () => {
  it("counts each location's results under its own location label, its last result and lag too, and promtool finds nothing wrong", async () => {
    const { db, t: tables } = t.deps.database.store;
    await scrape();
    // mtl's run of ups keeps growing after tor's downs began: both are counted, each once.
    await db.insert(tables.probeRuns).values(run(1, 'mtl', 'up', T + 60_000, 3));
    await db.insert(tables.probeRuns).values(run(2, 'tor', 'down', T + 30_000, 2));
    await db.insert(tables.probeLatencyMinutes).values({ checkId: 'acme-web', location: 'mtl', minute: T, up: 2, degraded: 0, latencies: '[40,40]' });
    await db.insert(tables.probeLatencyMinutes).values({ checkId: 'acme-web', location: 'tor', minute: T, up: 1, degraded: 0, latencies: '[300]' });
    await scrape();
    await db.update(tables.probeRuns).set({ count: 4, lastAt: T + 90_000 }).where(eq(tables.probeRuns.id, 1));
    const text = await scrape(t.token('viewer'));

    const labels = 'environment="acme-prod",component="application",check="acme-web"';
    expect(text).toContain(`veille_probe_results_total{${labels},location="mtl",status="up"} 4`);
    expect(text).toContain(`veille_probe_results_total{${labels},location="mtl",status="down"} 0`);
    expect(text).toContain(`veille_probe_results_total{${labels},location="tor",status="down"} 2`);
    expect(text).toContain(`veille_probe_latency_seconds_count{${labels},location="mtl"} 2`);
    expect(text).toContain(`veille_probe_latency_seconds_bucket{${labels},location="tor",le="0.25"} 0`);
    expect(text).toContain(`veille_probe_latency_seconds_count{${labels},location="tor"} 1`);
    expect(text).toContain(`veille_check_last_result_timestamp_seconds{${labels},location="mtl"} ${(T + 90_000) / 1000}`);
    // now is T + 120 s: tor's last result is 90 s old on a 30 s check, 60 s behind; mtl's on time.
    expect(text).toContain(`veille_check_schedule_lag_seconds{${labels},location="tor"} 60`);
    expect(text).toContain(`veille_check_schedule_lag_seconds{${labels},location="mtl"} 0`);
    expect(text).not.toMatch(/^veille_probe_results_total\{(?![^}]*location=)/m);
    if (HAVE_PROMTOOL) expect(promtoolProblems(text)).toBe('');
    else console.warn(NO_PROMTOOL);
  });
});
