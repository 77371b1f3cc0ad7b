import { sql } from 'drizzle-orm';
import type { Store } from '../store/store.ts';
import { deleteBatch } from './delete-batch.ts';

/**
 * How long a notification event outlives its deliveries. Every dedup key names either a record
 * (an outage, an incident, a window or one of its versions, a subscription request with its
 * instant) or a period (a budget threshold names its month). Once that record can no longer
 * produce the transition, or the month is over, the key can never be seen again, so the event
 * only documents the past. 400 days is longer than any month and leaves a year of history for
 * `veille notifications list` and audits; records still live keep their events whatever their age
 * (see `liveSubject` below).
 */
export const EVENT_RETENTION_DAYS = 400;

/**
 * The part of an outbox row that must survive: a row tied to a window version (a formal notice,
 * a reminder, a change) is kept while any delivery of that version is pending and until the
 * window itself ended before the cutoff. `completeNotice` sums every message of a version into
 * its notice time and reference, and `wasNoticedByVeille` reads these rows to decide whether a
 * change or cancellation of the window is e-mailed to its clients.
 */
const windowStillNeeds = (cutoff: number) => sql`
  o.window_version_id IS NOT NULL AND (
    EXISTS (SELECT 1 FROM notification_outbox p WHERE p.window_version_id = o.window_version_id AND p.status = 'pending')
    OR (SELECT max(w."end") FROM maintenance_versions v JOIN maintenance_versions w ON w.window_id = v.window_id
        WHERE v.id = o.window_version_id) >= ${cutoff}
  )`;

/**
 * Deletes one batch of delivered or given-up outbox rows settled before `cutoff` (sent, or last
 * attempted; created when neither is known). Pending rows are never touched, whatever their
 * age: they are work still to do. Returns how many rows went.
 */
export async function pruneDeliveriesBatch(store: Store, cutoff: number, batch: number): Promise<number> {
  const outbox = store.t.notificationOutbox;
  return deleteBatch(
    store,
    outbox,
    outbox.id,
    () => sql`${outbox.id} IN (
      SELECT o.id FROM notification_outbox o
      WHERE o.status IN ('sent', 'failed')
        AND coalesce(o.sent_at, o.last_attempt_at, o.created_at) < ${cutoff}
        AND NOT (${windowStillNeeds(cutoff)})
      LIMIT ${batch})`,
  );
}

/**
 * The record an event's subject names, as `prefix:id`: the id, or null for a subject of another
 * kind. The CASE keeps PostgreSQL from casting the rest of another kind's subject (it may
 * evaluate the conditions of a WHERE in any order); the comparison with the record's integer id
 * keeps its index in use.
 */
const subjectId = (prefix: string) => sql.raw(`CASE WHEN e.subject LIKE '${prefix}:%' THEN CAST(substr(e.subject, ${prefix.length + 2}) AS INTEGER) END`);

/**
 * A subject whose transitions can still happen again, so its events keep deduplicating them:
 * an outage still open (its closing, and a replay of its opening after a restart), an incident
 * not resolved (deadline alerts are re-derived at every scan, keyed by clock and due time, and a
 * priority change can bring a due time back), a window whose versions have not all ended
 * before the cutoff (reminders read when its notice was queued; cancellation is told once).
 */
const liveSubject = (cutoff: number) => sql`
  (e.subject LIKE 'outage:%' AND EXISTS (SELECT 1 FROM outages x WHERE x.id = ${subjectId('outage')} AND x."end" IS NULL))
  OR (e.subject LIKE 'incident:%' AND EXISTS (SELECT 1 FROM incidents x WHERE x.id = ${subjectId('incident')} AND x.resolved_at IS NULL))
  OR (e.subject LIKE 'window:%' AND (SELECT max(x."end") FROM maintenance_versions x WHERE x.window_id = ${subjectId('window')}) >= ${cutoff})`;

/**
 * Deletes one batch of events recorded before `cutoff` that no outbox row refers to any more
 * and whose subject is over. Returns how many went.
 */
export async function pruneEventsBatch(store: Store, cutoff: number, batch: number): Promise<number> {
  const events = store.t.notificationEvents;
  return deleteBatch(
    store,
    events,
    events.id,
    () => sql`${events.id} IN (
      SELECT e.id FROM notification_events e
      WHERE e.created_at < ${cutoff}
        AND NOT EXISTS (SELECT 1 FROM notification_outbox o WHERE o.event_id = e.id)
        AND NOT (${liveSubject(cutoff)})
      LIMIT ${batch})`,
  );
}
