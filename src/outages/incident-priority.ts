import type { CheckConfig, Config, EnvironmentConfig, Priority } from '../config/types.ts';

// Rule 8's table, applied to an outage the prober has just confirmed. Pure: what is failing at
// the same moment is given, not looked up.

export interface FailingCheck {
  readonly check: CheckConfig;
  readonly environment: EnvironmentConfig;
}

export interface IncidentPlan {
  readonly priority: Priority;
  readonly title: string;
  /** The environments it affects: this check's, plus those failing on the same feature. */
  readonly environments: readonly string[];
  readonly feature: string | null;
  /** Shown on the public status page only when every environment it names is public. */
  readonly public: boolean;
}

/**
 * The incident an outage opens, or null when it opens none (outside production: rule 3 keeps
 * other environments out of the contract's figures, and they raise no support ticket).
 * - availability check of a production environment: the environment is unavailable → I;
 * - feature check: clients affected = the clients of the production environments whose checks
 *   of that feature are failing at once (an environment that lists no client counts as one);
 *   a major feature → II (for several clients, and by default for one, which support may
 *   lower to III); two or more major features failing at once in the environment → I
 *   ("major degradation of several features"); a secondary feature → III for several
 *   clients, IV for one.
 */
export function planIncident(
  config: Pick<Config, 'majorFeatures'>,
  failed: FailingCheck & { readonly reason: string | null },
  alsoFailing: readonly FailingCheck[],
): IncidentPlan | null {
  const { check, environment } = failed;
  if (environment.type !== 'production') return null;
  const because = failed.reason ? ` (${check.id}: ${failed.reason})` : ` (${check.id})`;
  if (check.role === 'availability' || check.feature === null) {
    return { priority: 'I', title: `${environment.name} unavailable${because}`, environments: [environment.id], feature: null, public: environment.public };
  }

  const feature = check.feature;
  const production = alsoFailing.filter((other) => other.environment.type === 'production' && other.check.role === 'feature');
  const sameFeature = [failed, ...production.filter((other) => other.check.feature === feature)];
  const environments = unique(sameFeature.map((other) => other.environment));
  const clients = new Set(environments.flatMap((env) => (env.clients.length ? env.clients : [`(${env.id})`])));
  const major = config.majorFeatures.includes(feature);
  const majorHere = new Set(
    [failed, ...production.filter((other) => other.environment.id === environment.id)]
      .map((other) => other.check.feature)
      .filter((name): name is string => name !== null && config.majorFeatures.includes(name)),
  );

  let priority: Priority;
  if (majorHere.size >= 2) priority = 'I';
  else if (major) priority = 'II';
  else priority = clients.size > 1 ? 'III' : 'IV';

  const names = environments.map((env) => env.name).join(', ');
  return {
    priority,
    title: `${feature} failing on ${names}${because}`,
    environments: environments.map((env) => env.id),
    feature,
    public: environments.every((env) => env.public),
  };
}

function unique(environments: readonly EnvironmentConfig[]): EnvironmentConfig[] {
  const seen = new Map<string, EnvironmentConfig>();
  for (const environment of environments) if (!seen.has(environment.id)) seen.set(environment.id, environment);
  return [...seen.values()];
}
