import { and, eq, isNull } from 'drizzle-orm';
import type { CheckConfig } from '../config/types.ts';
import type { DetectorEvent } from '../outages/detector.ts';
import type { OutageEventsWriter } from '../outages/outage-recorder.ts';
import type { AnyDialect } from '../store/any-dialect.ts';

// What one location concludes of a check on its own (docs/locations.md): rule 4 applied to its
// results alone, written as its timeline (location_outages, location_gaps) in the batch that
// holds those results. Never the check's outages, incidents or alerts: the quorum job
// (src/quorum/quorum-job.ts) decides those from every location's timeline.

/** The statements one check's detector events make of the location's timeline, in order; none reads. */
function timelineStatements({ db, t }: AnyDialect, location: string, check: CheckConfig, events: readonly DetectorEvent[]): PromiseLike<unknown>[] {
  const open = and(eq(t.locationOutages.location, location), eq(t.locationOutages.checkId, check.id), isNull(t.locationOutages.end));
  return events.flatMap((event): PromiseLike<unknown>[] => {
    switch (event.type) {
      case 'outage_opened':
        return [
          db.insert(t.locationOutages).values({
            location,
            checkId: check.id,
            envId: check.environmentId,
            start: event.start,
            end: null,
            lastDownAt: event.lastDownAt,
            reason: event.reason,
          }),
        ];
      case 'outage_continued':
        return [db.update(t.locationOutages).set({ lastDownAt: event.lastDownAt }).where(open)];
      case 'outage_closed':
        // The detector ends an outage at or after its last down, never before its start.
        return [db.update(t.locationOutages).set({ end: event.end, closedReason: event.cause }).where(open)];
      case 'unmonitored':
        return [db.insert(t.locationGaps).values({ location, checkId: check.id, envId: check.environmentId, start: event.start, end: event.end })];
      case 'blip':
        // A blip is in the stored results themselves; it is not an outage (rule 4).
        return [];
    }
  });
}

/** The location's timeline written in the batch's store transaction, on either database (the prober's OutageEventsWriter seam). */
export function locationTimelineWriter(location: string): OutageEventsWriter {
  return async (tx, check, events) => {
    for (const statement of timelineStatements(tx, location, check, events)) await statement;
  };
}
