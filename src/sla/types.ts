// What the monthly engine (rule 7) reads and what it produces. All instants are epoch ms.
import type { BusinessCalendar } from '../calendar/business-calendar.ts';
import type { EnvironmentType } from '../config/types.ts';
import type { Interval } from '../time/interval.ts';

/** The reasons of rule 6. */
export type ExclusionReason = 'client_equipment' | 'client_internet' | 'prohibited_use' | 'force_majeure';

export interface SlaExclusion {
  start: number;
  end: number;
  revoked: boolean;
  reason: ExclusionReason;
}

/** An outage of one of the environment's availability checks. */
export interface SlaOutage {
  id: string | number;
  start: number;
  /** null: still open, counted up to `now`. */
  end: number | null;
  /** Clipped or not: the engine clips them to the outage. */
  exclusions: readonly SlaExclusion[];
}

/** One recorded state of a maintenance window's times, with the notice that announced it. */
export interface SlaWindowVersion {
  start: number;
  end: number;
  noticeSentAt: number;
}

export interface SlaWindow {
  id: string | number;
  environmentIds: readonly string[];
  /** In the order they were recorded; the last one is the window's current times. */
  versions: readonly SlaWindowVersion[];
  cancelledAt: number | null;
}

export interface SlaEnvironmentInput {
  id: string;
  name: string;
  type: EnvironmentType;
  /** Start of the SLA; null: no lower bound (nothing before it to count anyway). */
  slaStart: number | null;
  calendar: BusinessCalendar;
  outages: readonly SlaOutage[];
  unmonitored: readonly Interval[];
}

/** One environment's month, every figure in ms, named as in the report document of docs/api.md. */
export interface EnvironmentFigure {
  id: string;
  name: string;
  type: EnvironmentType;
  businessMs: number;
  rawDowntimeMs: number;
  outsideBusinessMs: number;
  excludedMaintenanceMs: number;
  excludedOtherMs: number;
  downtimeMs: number;
  unmonitoredMs: number;
  availability: number;
  met: boolean;
  budgetMs: number;
  budgetLeftMs: number;
  /**
   * Business time observed: `businessMs − unmonitoredMs` while one location watches (with several,
   * the time a quorum of locations observed). For a month in progress, like the
   * availability, it is where the month ends if monitoring goes on.
   */
  observedMs: number;
  /** observedMs / businessMs, 1 when businessMs is 0. */
  coverage: number;
  /** coverage ≥ the configured minimum: false says the verdict rests on too little observation. */
  coverageSufficient: boolean;
  /**
   * `met` or `missed`; `none` while nothing of the measured period has elapsed (a month not yet
   * begun, a period before slaStart, no business time at all): `met` is then true by the
   * contract's formula, but nothing was measured.
   */
  verdict: Verdict;
}

export type Verdict = 'met' | 'missed' | 'none';

export interface MonthlyFigures {
  month: string;
  timeZone: string;
  target: number;
  complete: boolean;
  /** Percent of business time that must be observed for a verdict to rest on enough observation. */
  coverageMinimum: number;
  environments: EnvironmentFigure[];
}
