// An environment's downtime over a span, split into the sets rule 7 reports, as interval lists:
//
//   raw               = ∪ clipped(o)
//   inBusiness        = ∪ Ob(o),                      Ob(o) = clipped(o) ∩ business time
//   afterMaintenance  = ∪ (Ob(o) − maint(o))
//   counted           = ∪ (Ob(o) − maint(o) − other(o))
//
// Exclusions belong to one outage: an instant two outages cover stays counted while any one
// of them is down there without an exclusion of its own.
import type { BusinessCalendar } from '../calendar/business-calendar.ts';
import { intersect, normalize, subtract, type Interval } from '../time/interval.ts';
import { maintenanceCoverage } from './maintenance-coverage.ts';
import type { SlaOutage, SlaWindow } from './types.ts';

export interface DowntimeParts {
  raw: Interval[];
  inBusiness: Interval[];
  afterMaintenance: Interval[];
  counted: Interval[];
}

export interface DowntimeInput {
  outages: readonly SlaOutage[];
  /** Windows naming the environment. */
  windows: readonly SlaWindow[];
  calendar: BusinessCalendar;
  /** Where downtime can count: already bounded by the period, slaStart and now. */
  span: Interval;
  /** The end of an outage still open. */
  now: number;
}

export function downtimeParts({ outages, windows, calendar, span, now }: DowntimeInput): DowntimeParts {
  const raw: Interval[] = [];
  const inBusiness: Interval[] = [];
  const afterMaintenance: Interval[] = [];
  const counted: Interval[] = [];
  for (const outage of outages) {
    const end = checkOutage(outage, now);
    const start = Math.max(outage.start, span.start);
    const stop = Math.min(end, span.end);
    if (start >= stop) continue;
    raw.push({ start, end: stop });
    const business = calendar.businessIntervals({ start, end: stop });
    if (business.length === 0) continue;
    inBusiness.push(...business);
    const notMaintenance = subtract(business, maintenanceCoverage(windows, outage.start));
    afterMaintenance.push(...notMaintenance);
    counted.push(...subtract(notMaintenance, otherExclusions(outage)));
  }
  return { raw: normalize(raw), inBusiness: normalize(inBusiness), afterMaintenance: normalize(afterMaintenance), counted: normalize(counted) };
}

/**
 * Union of the unrevoked exclusions of one outage (rule 6). Subtracting them from that outage's
 * own business time is what clips them to the outage: they never touch another outage.
 */
function otherExclusions(outage: SlaOutage): Interval[] {
  const kept: Interval[] = [];
  for (const exclusion of outage.exclusions) if (!exclusion.revoked) kept.push({ start: exclusion.start, end: exclusion.end });
  return normalize(kept);
}

/** The outage's end (now when open), after checking the outage makes sense. */
function checkOutage(outage: SlaOutage, now: number): number {
  const name = `outage ${String(outage.id)}`;
  if (!Number.isFinite(outage.start)) throw new Error(`${name}.start: ${outage.start} is not an instant`);
  if (outage.end !== null && !(Number.isFinite(outage.end) && outage.end >= outage.start)) {
    throw new Error(`${name}.end: ${outage.end} is not an instant at or after its start`);
  }
  return outage.end ?? now;
}

/** Business time of the unmonitored spans within `span` (rule 4: reported, never counted). */
export function unmonitoredBusiness(unmonitored: readonly Interval[], calendar: BusinessCalendar, span: Interval): Interval[] {
  if (span.end <= span.start) return [];
  return intersect(normalize(unmonitored), calendar.businessIntervals(span));
}
