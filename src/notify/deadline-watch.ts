// Rule 8's clocks seen from the team's side: a deadline is "near" within the warning lead
// time before it, "missed" once passed. Pure: `now` is an argument.

export type DeadlineState = 'near' | 'missed';

/** Missed deadlines older than this are history, not news (e.g. on first start over an old database). */
export const MISSED_ALERT_HORIZON_MS = 7 * 86_400_000;

export function deadlineState(dueAt: number, now: number, warningMs: number): DeadlineState | null {
  if (now >= dueAt) return now - dueAt <= MISSED_ALERT_HORIZON_MS ? 'missed' : null;
  return now >= dueAt - warningMs ? 'near' : null;
}

export interface RunningClock {
  readonly clock: 'response' | 'resolution';
  readonly dueAt: number;
}

/** The clocks still running on an incident: response until responded, resolution until resolved. */
export function runningClocks(incident: {
  responseDueAt: number;
  resolutionDueAt: number | null;
  respondedAt: number | null;
  resolvedAt: number | null;
}): RunningClock[] {
  if (incident.resolvedAt !== null) return [];
  return [
    ...(incident.respondedAt === null ? [{ clock: 'response' as const, dueAt: incident.responseDueAt }] : []),
    ...(incident.resolutionDueAt !== null ? [{ clock: 'resolution' as const, dueAt: incident.resolutionDueAt }] : []),
  ];
}
