import { Hono } from 'hono';
import type { AppEnv } from '../../server/app.ts';
import { namesLocations } from '../../config/probed-from.ts';
import type { EnvironmentConfig } from '../../config/types.ts';
import { monthlyReport } from '../../reports/monthly-reports.ts';
import { nominalIntervalMs } from '../../schedule/nominal-interval.ts';
import { reportReads } from '../../store/report-reads.ts';
import { checkLabels } from '../../web/public-view/check-labels.ts';
import { publicProductionEnvironments } from '../../web/public-view/public-environments.ts';
import type { CheckLabel } from '../../web/public-view/types.ts';
import type { Site } from '../../web/site.ts';
import { documentSecurityHeaders } from '../../web/security-headers.ts';
import { renderFamilies, type Family, type Labels, type Sample } from './prometheus-text.ts';
import { LATENCY_BUCKETS_S, createProbeTally, type CheckTally, type LocationTallies } from './probe-tally.ts';

// GET /metrics, Prometheus text format. Who sees what (rule 9):
// - without a token: the public production environments only, each check named by its public
//   component label ("application", "feature:login"), as on the status page;
// - with any valid token (Authorization: Bearer, as Prometheus' `authorization` scrape setting
//   sends it): every environment, and a `check` label with the check id.
// When the configuration names its locations, the series of probe results (counts, latency,
// last result, schedule lag) are per location, with a `location` label: each result is counted
// once, under the location that took it. Without them the series stay as they were.

const ENVIRONMENT_STATES = ['operational', 'degraded', 'partial_outage', 'major_outage', 'maintenance', 'unknown'] as const;

function componentName(label: CheckLabel): string {
  const base = label.kind === 'feature' ? `feature:${label.feature}` : label.kind;
  return label.ordinal === null ? base : `${base}-${label.ordinal}`;
}

interface CheckInfo {
  id: string;
  environment: EnvironmentConfig;
  component: string;
  intervalMs: number;
  locations: readonly string[];
}

/** The tallies of the check's locations added up: its series without configured locations (rows of any location counted). */
function sumOf(tallies: LocationTallies | undefined): CheckTally | undefined {
  if (!tallies || tallies.size <= 1) return tallies?.values().next().value;
  const sum: CheckTally = { results: { up: 0, degraded: 0, down: 0 }, buckets: LATENCY_BUCKETS_S.map(() => 0), latencyCount: 0, latencySum: 0 };
  for (const tally of tallies.values()) {
    for (const status of ['up', 'degraded', 'down'] as const) sum.results[status] += tally.results[status];
    tally.buckets.forEach((n, k) => (sum.buckets[k]! += n));
    sum.latencyCount += tally.latencyCount;
    sum.latencySum += tally.latencySum;
  }
  return sum;
}

/** Whether the database takes writes, and what the prober holds or lost meanwhile (src/store/database-writes.ts). */
function databaseFamilies(deps: Site['deps']): Family[] {
  const writes = deps.databaseWrites;
  const prober = deps.proberHealth?.().details ?? {};
  const count = (value: unknown) => (typeof value === 'number' ? value : 0);
  return [
    { name: 'veille_database_writable', help: 'Whether the database takes writes (0: disk full, locked by another process or read-only).', type: 'gauge', samples: [{ labels: {}, value: writes?.failure ? 0 : 1 }] },
    { name: 'veille_database_write_errors_total', help: 'Writes the database refused since veille started.', type: 'counter', samples: [{ labels: {}, value: writes?.errors ?? 0 }] },
    { name: 'veille_results_queued', help: 'Probe results waiting in memory to be written.', type: 'gauge', samples: [{ labels: {}, value: count(prober.pendingResults) }] },
    { name: 'veille_results_dropped_total', help: 'Probe results dropped because the database refused writes too long (their time is unmonitored).', type: 'counter', samples: [{ labels: {}, value: count(prober.droppedResults) }] },
    {
      name: 'veille_results_fenced_out_total',
      help: "Probe results not written because another prober of the location took their check's shard while they were probed (the cost of a takeover).",
      type: 'counter',
      samples: [{ labels: {}, value: count(prober.fencedOutResults) }],
    },
  ];
}

export function metricsRoutes(site: Site) {
  const routes = new Hono<AppEnv>();
  const { deps } = site;
  const { store } = deps.database;
  const reads = reportReads(store);
  const tally = createProbeTally(store);
  const publicIds = new Set(publicProductionEnvironments(deps.config).map((environment) => environment.id));
  const checks: CheckInfo[] = deps.config.environments.flatMap((environment) => {
    const labels = checkLabels(environment.checks);
    return environment.checks.map((check, k) => ({ id: check.id, environment, component: componentName(labels[k]!), intervalMs: nominalIntervalMs(check), locations: check.locations }));
  });
  const located = namesLocations(deps.config);

  routes.get('/metrics', documentSecurityHeaders(), async (c) => {
    const full = c.get('actor') !== null;
    const now = deps.clock();
    const visible = checks.filter((check) => full || publicIds.has(check.environment.id));
    const labelsOf = (check: CheckInfo): Labels =>
      full ? { environment: check.environment.id, component: check.component, check: check.id } : { environment: check.environment.id, component: check.component };

    const tallies = await tally.read();
    const lastResults = await reads.lastResultsByLocation(visible.map((check) => check.id));
    const results: Sample[] = [];
    const latency: Sample[] = [];
    const lastAt: Sample[] = [];
    const lag: Sample[] = [];
    // One set of series per check, or per check and location once locations are named.
    const series = visible.flatMap((check) => {
      const last = lastResults.get(check.id) ?? [];
      if (!located) return [{ check, labels: labelsOf(check), counts: sumOf(tallies.get(check.id)), at: last[0]?.at }];
      return check.locations.map((location) => ({
        check,
        labels: { ...labelsOf(check), location },
        counts: tallies.get(check.id)?.get(location),
        at: last.find((result) => result.location === location)?.at,
      }));
    });
    for (const { check, labels, counts, at } of series) {
      for (const status of ['up', 'degraded', 'down'] as const) results.push({ labels: { ...labels, status }, value: counts?.results[status] ?? 0 });
      LATENCY_BUCKETS_S.forEach((bound, k) => latency.push({ suffix: '_bucket', labels: { ...labels, le: String(bound) }, value: counts?.buckets[k] ?? 0 }));
      latency.push({ suffix: '_bucket', labels: { ...labels, le: '+Inf' }, value: counts?.latencyCount ?? 0 });
      latency.push({ suffix: '_sum', labels, value: counts?.latencySum ?? 0 });
      latency.push({ suffix: '_count', labels, value: counts?.latencyCount ?? 0 });
      if (at !== undefined) {
        lastAt.push({ labels, value: at / 1000 });
        lag.push({ labels, value: Math.max(0, now - at - check.intervalMs) / 1000 });
      }
    }

    const environments = full ? deps.config.environments : deps.config.environments.filter((environment) => publicIds.has(environment.id));
    const openByEnvironment = new Map<string, number>();
    for (const outage of await reads.openOutages()) openByEnvironment.set(outage.envId, (openByEnvironment.get(outage.envId) ?? 0) + 1);
    // Through the app's bounded report worker: a scrape never computes a month on the prober's thread.
    const report = await monthlyReport(deps, { month: deps.calendars.default.monthOf(now), publicOnly: !full });
    const snapshot = (await site.snapshots.get()).value;

    const families: Family[] = [
      { name: 'veille_probe_results_total', help: 'Probe results stored since veille started, by status.', type: 'counter', samples: results },
      { name: 'veille_probe_latency_seconds', help: 'Latency of probe answers (up or degraded) since veille started.', type: 'histogram', samples: latency },
      { name: 'veille_check_last_result_timestamp_seconds', help: 'When the last probe result of the check was taken.', type: 'gauge', samples: lastAt },
      {
        name: 'veille_check_schedule_lag_seconds',
        help: 'How far the check is behind its schedule: time since its last result beyond one interval (0 when on time).',
        type: 'gauge',
        samples: lag,
      },
      {
        name: 'veille_open_outages',
        help: 'Outages currently open, per environment.',
        type: 'gauge',
        samples: environments.map((environment) => ({ labels: { environment: environment.id }, value: openByEnvironment.get(environment.id) ?? 0 })),
      },
      {
        name: 'veille_month_availability_percent',
        help: 'Availability of the current month so far (rule 7: the whole month as B, downtime so far), production environments.',
        type: 'gauge',
        samples: report.environments.map((figure) => ({ labels: { environment: figure.id, month: report.month }, value: figure.availability })),
      },
      {
        name: 'veille_month_budget_left_seconds',
        help: 'Downtime budget left this month in business seconds (negative: overrun).',
        type: 'gauge',
        samples: report.environments.map((figure) => ({ labels: { environment: figure.id, month: report.month }, value: figure.budgetLeftMs / 1000 })),
      },
      ...databaseFamilies(deps),
      {
        name: 'veille_environment_state',
        help: 'Current state of each public production environment (1 for the current state).',
        type: 'gauge',
        samples: snapshot.environments.flatMap((environment) =>
          ENVIRONMENT_STATES.map((state) => ({ labels: { environment: environment.id, state }, value: environment.state === state ? 1 : 0 })),
        ),
      },
    ];
    c.header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    c.header('Cache-Control', 'no-store');
    return c.body(renderFamilies(families));
  });

  return routes;
}
