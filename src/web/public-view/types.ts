// What anyone may see (rule 9), as one value: the status page, the Statuspage-compatible
// JSON, the feed and the badges all render this. It is public by construction: it holds no
// check id, URL, client name, private environment or actor name, so nothing built from it
// can leak them.

import type { Verdict } from '../../sla/types.ts';

export type CheckState = 'up' | 'degraded' | 'down' | 'unknown';

/** An environment's state, in the words of the banner; `maintenance` while a window is current. */
export type EnvironmentState = 'operational' | 'degraded' | 'partial_outage' | 'major_outage' | 'maintenance' | 'unknown';

export type OverallState = 'operational' | 'degraded' | 'partial_outage' | 'major_outage' | 'maintenance' | 'unknown';

/** How a check is named in public: a kind of component, or the feature it exercises. */
export type CheckLabel =
  | { kind: 'application' | 'database' | 'service'; ordinal: number | null }
  | { kind: 'feature'; feature: string; ordinal: number | null };

export interface PublicCheck {
  label: CheckLabel;
  role: 'availability' | 'feature';
  state: CheckState;
  latencyMs: number | null;
  checkedAt: number | null;
}

/** One of the 90 daily bars. */
export interface PublicDay {
  date: string;
  downtimeMs: number;
  businessMs: number;
  level: 'none' | 'minor' | 'major' | 'closed' | 'nodata';
}

export interface PublicMonth {
  month: string;
  complete: boolean;
  availability: number;
  target: number;
  met: boolean;
  businessMs: number;
  downtimeMs: number;
  budgetMs: number;
  budgetLeftMs: number;
  observedMs: number;
  /** observedMs / businessMs (1 without business time). */
  coverage: number;
  coverageSufficient: boolean;
  /** Percent. */
  coverageMinimum: number;
  verdict: Verdict;
}

export interface PublicEnvironment {
  id: string;
  name: string;
  timeZone: string;
  state: EnvironmentState;
  /** When the SLA (or monitoring) of the environment began; null when never seen. */
  since: number | null;
  /** The last probe result of any of its checks. */
  updatedAt: number | null;
  checks: PublicCheck[];
  days: PublicDay[];
  month: PublicMonth | null;
}

export interface PublicWindow {
  id: number;
  environments: Array<{ id: string; name: string }>;
  start: number;
  end: number;
  impact: string;
  /** `cancelled`: withdrawn before it began (it never took place); shown as such, never as upcoming. */
  status: 'upcoming' | 'current' | 'past' | 'cancelled';
  /** null while the notice is still being sent. */
  noticeSentAt: number | null;
  createdAt: number;
  /** When the current times were recorded (a reschedule updates it). */
  updatedAt: number;
  /** A window cancelled once it had begun ends at its cancellation. */
  cancelledAt: number | null;
}

export type IncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';
export type IncidentImpact = 'critical' | 'major' | 'minor' | 'none';

export interface PublicIncidentUpdate {
  id: number;
  at: number;
  status: IncidentStatus;
  /** Text written for the public; null for a step the page words itself (opened, resolved…). */
  message: string | null;
}

export interface PublicIncident {
  id: number;
  /** null when the title was written by the monitor (it may name checks): the page words it. */
  title: string | null;
  /** The failing feature of an incident the monitor opened (the page names it); null otherwise. */
  feature: string | null;
  impact: IncidentImpact;
  status: IncidentStatus;
  openedAt: number;
  respondedAt: number | null;
  resolvedAt: number | null;
  updatedAt: number;
  environments: Array<{ id: string; name: string }>;
  updates: PublicIncidentUpdate[];
}

export interface PublicSnapshot {
  generatedAt: number;
  /** The default calendar's zone: page-level times are shown in it. */
  timeZone: string;
  target: number;
  overall: OverallState;
  environments: PublicEnvironment[];
  /** `latest`: the 50 most recent windows by start, whatever their status (the feed and the documents). */
  maintenance: { current: PublicWindow[]; upcoming: PublicWindow[]; latest: PublicWindow[] };
  /** `recent`: resolved in the last 14 days (the page); `latest`: the 50 most recent, open or resolved. */
  incidents: { open: PublicIncident[]; recent: PublicIncident[]; latest: PublicIncident[] };
}
