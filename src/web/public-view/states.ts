import type { CheckState, EnvironmentState, IncidentImpact, OverallState, PublicCheck, PublicIncident } from './types.ts';

// The state words of the page, from the checks' states (rule 3: an environment is down while
// one of its availability checks is down; a feature check down is an incident, not downtime)
// and from the open incidents that name the environment: the banner, the cards and the
// incident list are read from one state, so none of them can contradict another.

/** Mildest first. "unknown" is milder than any trouble someone has seen or declared. */
const SEVERITY: readonly EnvironmentState[] = ['operational', 'unknown', 'degraded', 'partial_outage', 'major_outage'];

const worse = (a: EnvironmentState, b: EnvironmentState) => (SEVERITY.indexOf(b) > SEVERITY.indexOf(a) ? b : a);

// What an open incident says of its environments, by its impact (rule 8: priority I is a
// production unavailable). Once a fix is being watched ("monitoring"), it says no more than
// "degraded" until support resolves it.
const INCIDENT_STATE: Record<IncidentImpact, EnvironmentState> = { critical: 'major_outage', major: 'partial_outage', minor: 'degraded', none: 'operational' };

export function incidentState(incident: PublicIncident): EnvironmentState {
  if (incident.status === 'resolved') return 'operational';
  const state = INCIDENT_STATE[incident.impact];
  return incident.status === 'monitoring' && state !== 'operational' ? 'degraded' : state;
}

function checksState(checks: readonly PublicCheck[]): EnvironmentState {
  const availability = checks.filter((check) => check.role === 'availability');
  const any = (list: readonly PublicCheck[], state: CheckState) => list.some((check) => check.state === state);
  if (any(availability, 'down')) return 'major_outage';
  if (any(checks, 'down')) return 'partial_outage';
  if (any(checks, 'degraded')) return 'degraded';
  if (availability.length > 0 && any(availability, 'unknown')) return 'unknown';
  return 'operational';
}

/** The worst of its checks and of the open incidents naming it; `maintenance` while a window is current. */
export function environmentState(checks: readonly PublicCheck[], inMaintenance: boolean, openIncidents: readonly PublicIncident[] = []): EnvironmentState {
  if (inMaintenance) return 'maintenance';
  return openIncidents.map(incidentState).reduce(worse, checksState(checks));
}

/** The banner: the worst of the environments, "major" only when every one of them is down. */
export function overallState(states: readonly EnvironmentState[]): OverallState {
  if (states.length === 0) return 'operational';
  if (states.every((state) => state === 'major_outage')) return 'major_outage';
  if (states.some((state) => state === 'major_outage' || state === 'partial_outage')) return 'partial_outage';
  if (states.some((state) => state === 'maintenance')) return 'maintenance';
  if (states.some((state) => state === 'degraded')) return 'degraded';
  if (states.some((state) => state === 'unknown')) return 'unknown';
  return 'operational';
}
