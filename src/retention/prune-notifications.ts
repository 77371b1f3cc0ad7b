import type { OpenDatabase } from '../store/database.ts';

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
const WINDOW_STILL_NEEDS = `
  o.window_version_id IS NOT NULL AND (
    EXISTS (SELECT 1 FROM notification_outbox p WHERE p.window_version_id = o.window_version_id AND p.status = 'pending')
    OR (SELECT max(w."end") FROM maintenance_versions v JOIN maintenance_versions w ON w.window_id = v.window_id
        WHERE v.id = o.window_version_id) >= @cutoff
  )`;

/**
 * Deletes, in batches, delivered or given-up outbox rows settled before `cutoff` (sent, or last
 * attempted; created when neither is known). Pending rows are never touched, whatever their age:
 * they are work still to do. Returns how many rows went.
 */
export function pruneDeliveriesBatch(database: OpenDatabase, cutoff: number, batch: number): number {
  return database.sqlite
    .prepare(
      `DELETE FROM notification_outbox WHERE id IN (
         SELECT o.id FROM notification_outbox o
         WHERE o.status IN ('sent', 'failed')
           AND coalesce(o.sent_at, o.last_attempt_at, o.created_at) < @cutoff
           AND NOT (${WINDOW_STILL_NEEDS})
         LIMIT @batch)`,
    )
    .run({ cutoff, batch }).changes;
}

/**
 * A subject whose transitions can still happen again, so its events keep deduplicating them:
 * an outage still open (its closing, and a replay of its opening after a restart), an incident
 * not resolved (deadline alerts are re-derived at every scan, keyed by clock and due time, and a
 * priority change can bring a due time back), a window whose versions have not all ended
 * before the cutoff (reminders read when its notice was queued; cancellation is told once).
 */
const LIVE_SUBJECT = `
  (e.subject LIKE 'outage:%' AND EXISTS (SELECT 1 FROM outages x WHERE x.id = CAST(substr(e.subject, 8) AS INTEGER) AND x."end" IS NULL))
  OR (e.subject LIKE 'incident:%' AND EXISTS (SELECT 1 FROM incidents x WHERE x.id = CAST(substr(e.subject, 10) AS INTEGER) AND x.resolved_at IS NULL))
  OR (e.subject LIKE 'window:%' AND (SELECT max(x."end") FROM maintenance_versions x WHERE x.window_id = CAST(substr(e.subject, 8) AS INTEGER)) >= @cutoff)`;

/**
 * Deletes, in batches, events recorded before `cutoff` that no outbox row refers to any more
 * and whose subject is over. Returns how many went.
 */
export function pruneEventsBatch(database: OpenDatabase, cutoff: number, batch: number): number {
  return database.sqlite
    .prepare(
      `DELETE FROM notification_events WHERE id IN (
         SELECT e.id FROM notification_events e
         WHERE e.created_at < @cutoff
           AND NOT EXISTS (SELECT 1 FROM notification_outbox o WHERE o.event_id = e.id)
           AND NOT (${LIVE_SUBJECT})
         LIMIT @batch)`,
    )
    .run({ cutoff, batch }).changes;
}
