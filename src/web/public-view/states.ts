import type { CheckState, EnvironmentState, OverallState, PublicCheck } from './types.ts';

// The state words of the page, from the checks' states (rule 3: an environment is down while
// one of its availability checks is down; a feature check down is an incident, not downtime).

export function environmentState(checks: readonly PublicCheck[], inMaintenance: boolean): EnvironmentState {
  if (inMaintenance) return 'maintenance';
  const availability = checks.filter((check) => check.role === 'availability');
  const any = (list: readonly PublicCheck[], state: CheckState) => list.some((check) => check.state === state);
  if (any(availability, 'down')) return 'major_outage';
  if (any(checks, 'down')) return 'partial_outage';
  if (any(checks, 'degraded')) return 'degraded';
  if (availability.length > 0 && any(availability, 'unknown')) return 'unknown';
  return 'operational';
}

/** The banner: the worst of the environments, "major" only when every one of them is down. */
export function overallState(states: readonly EnvironmentState[]): OverallState {
  if (states.length === 0) return 'operational';
  if (states.every((state) => state === 'major_outage')) return 'major_outage';
  if (states.some((state) => state === 'major_outage' || state === 'partial_outage')) return 'partial_outage';
  if (states.some((state) => state === 'maintenance')) return 'maintenance';
  if (states.some((state) => state === 'degraded' || state === 'unknown')) return 'degraded';
  return 'operational';
}
