import { namesLocations } from '../config/probed-from.ts';
import type { Config, EnvironmentConfig } from '../config/types.ts';
import type { AnyDialect } from '../store/any-dialect.ts';
import { toIso, toIsoOrNull } from '../time/iso.ts';
import { checkLabels } from '../web/public-view/check-labels.ts';
import { publicProductionEnvironments } from '../web/public-view/public-environments.ts';
import { environmentState, overallState } from '../web/public-view/states.ts';
import type { CheckLabel, CheckState, EnvironmentState, OverallState, PublicCheck } from '../web/public-view/types.ts';
import type { LocatedResult } from '../store/report-reads.ts';
import { readLatest } from './latest-readings.ts';

// GET /api/v1/status: what each check and environment is doing now, from the last results and
// the open outages, with the same words and rules as the status page (a down not yet confirmed
// reads as degraded; silence longer than 3 intervals is unknown; rule 3 for environments).

export interface PublicStatusCheck {
  label: CheckLabel;
  role: 'availability' | 'feature';
  state: CheckState;
  latencyMs: number | null;
  checkedAt: string | null;
}

/** Everything a viewer may see about a check: its id and URL, its last result and open outage. */
export interface FullStatusCheck extends PublicStatusCheck {
  id: string;
  url: string;
  feature: string | null;
  /** The newest result of any location; `location` says which, when the configuration names its locations. */
  lastResult: { at: string; status: 'up' | 'degraded' | 'down'; latencyMs: number | null; reason: string | null; location?: string } | null;
  outage: { id: number; start: string; source: 'probe' | 'manual' } | null;
  /** https checks only: notAfter of the certificate last presented (null until a handshake succeeded). */
  certificateExpiresAt?: string | null;
}

export interface StatusEnvironment<C> {
  id: string;
  name: string;
  state: EnvironmentState;
  updatedAt: string | null;
  checks: C[];
}

export interface FullStatusEnvironment extends StatusEnvironment<FullStatusCheck> {
  type: EnvironmentConfig['type'];
  public: boolean;
  clients: readonly string[];
}

export interface StatusDocument<E> {
  at: string;
  state: OverallState;
  environments: E[];
}

/**
 * Anyone: public production environments, their checks named by label (no check id, URL or
 * client name: check-labels.ts). A viewer (any token): every environment with ids, URLs,
 * clients, the last result's reason and the open outage.
 */
export function currentStatus(store: AnyDialect, config: Config, input: { now: number; full: false }): Promise<StatusDocument<StatusEnvironment<PublicStatusCheck>>>;
export function currentStatus(store: AnyDialect, config: Config, input: { now: number; full: true }): Promise<StatusDocument<FullStatusEnvironment>>;
export async function currentStatus(
  store: AnyDialect,
  config: Config,
  input: { now: number; full: boolean },
): Promise<StatusDocument<StatusEnvironment<PublicStatusCheck> | FullStatusEnvironment>> {
  const environments = input.full ? config.environments : publicProductionEnvironments(config);
  const latest = await readLatest(store, environments.flatMap((environment) => environment.checks), input.now);
  const located = namesLocations(config);
  const certificates = new Map<string, number>();
  if (input.full) for (const row of await store.db.select().from(store.t.checkCertificates).orderBy(store.t.checkCertificates.checkId)) certificates.set(row.checkId, row.notAfter);
  const shown = environments.map((environment) => {
    const labels = checkLabels(environment.checks);
    const readings = environment.checks.map((check) => latest.get(check.id)!.reading);
    const publicChecks: PublicCheck[] = environment.checks.map((check, i) => ({
      label: labels[i]!,
      role: check.role,
      state: readings[i]!.state,
      latencyMs: readings[i]!.latencyMs,
      checkedAt: readings[i]!.checkedAt,
    }));
    const updated = Math.max(...readings.map((reading) => reading.checkedAt ?? -Infinity));
    const base = {
      id: environment.id,
      name: environment.name,
      state: environmentState(publicChecks, false),
      updatedAt: Number.isFinite(updated) ? toIso(updated) : null,
    };
    const checks = publicChecks.map((check) => ({ ...check, checkedAt: toIsoOrNull(check.checkedAt) }));
    if (!input.full) return { ...base, checks };
    return {
      ...base,
      type: environment.type,
      public: environment.public,
      clients: environment.clients,
      checks: environment.checks.map((check, i) => {
        const { lastResult, outage } = latest.get(check.id)!;
        return {
          ...checks[i]!,
          id: check.id,
          url: check.url,
          feature: check.feature,
          lastResult: lastResult ? lastResultShown(lastResult, located) : null,
          outage: outage ? { ...outage, start: toIso(outage.start) } : null,
          ...(check.url.startsWith('https:') ? { certificateExpiresAt: toIsoOrNull(certificates.get(check.id) ?? null) } : {}),
        };
      }),
    };
  });
  return { at: toIso(input.now), state: overallState(shown.map((environment) => environment.state)), environments: shown };
}

/** A check's last result as the API writes it: its location only where the configuration names locations (without them, as before). */
function lastResultShown({ location, ...result }: LocatedResult, located: boolean): FullStatusCheck['lastResult'] {
  return { ...result, at: toIso(result.at), ...(located ? { location } : {}) };
}
