import { recordOutageEvents, type OutageRecorderDeps } from '../outages/outage-recorder.ts';
import type { Db, OpenDatabase } from '../store/database.ts';
import { IMPLICIT_LOCATION, type CheckConfig } from '../config/types.ts';
import type { DetectorEvent } from '../outages/detector.ts';
import { checkCertificates } from '../store/schema/index.ts';
import { ResultHistory } from '../history/result-history.ts';
import { CertificateWatch } from './certificate-watch.ts';
import { keepingWhatCommitted, storedResultsOf, type ResultBatch, type ResultSink } from './result-sink.ts';

/**
 * Whose results a sink writes, and where their detector events go: a configured location's own
 * timeline (src/locations/location-timeline.ts), or, for the implicit location, the check's
 * outages through the recorder.
 */
export interface SinkLocation {
  readonly name: string;
  readonly timeline?: ((db: Db, check: CheckConfig, events: readonly DetectorEvent[], now: number) => void) | undefined;
}

const IMPLICIT: SinkLocation = { name: IMPLICIT_LOCATION };

/**
 * The result sink on SQLite: one synchronous better-sqlite3 transaction per batch, results
 * through raw prepared statements (the hot path: thousands a minute), the rarer outage and
 * certificate writes through drizzle on the same connection, inside the same transaction. It
 * runs from a timer or an I/O callback, never while a store transaction awaits
 * (src/store/sqlite-store.ts).
 */
export function sqliteResultSink(database: Pick<OpenDatabase, 'db' | 'sqlite'>, recorder: OutageRecorderDeps, location: SinkLocation = IMPLICIT): ResultSink {
  const history = new ResultHistory(database.sqlite, location.name);
  const writeEvents = location.timeline ?? ((db: Db, check: CheckConfig, events: readonly DetectorEvent[], now: number) => recordOutageEvents(db, recorder, check, events, now));
  const certificates = CertificateWatch.readSync(database.db);
  const insertSpan = database.sqlite.prepare('INSERT INTO unmonitored_spans (check_id, env_id, start, "end") VALUES (?, ?, ?, ?)');
  const write = database.sqlite.transaction((batch: ResultBatch) => {
    const { items, spans, now, openMinutes } = batch;
    const storedOf = storedResultsOf(batch);
    for (const span of spans.values()) insertSpan.run(span.check.id, span.check.environmentId, span.start, span.end);
    for (const item of items) {
      const stored = storedOf(item);
      if (stored) history.record(stored);
      if (item.events.length) writeEvents(database.db, item.check, item.events, now);
      const notAfter = item.result?.certificateNotAfter;
      if (notAfter !== undefined) {
        const change = certificates.observe(item.check, notAfter, item.at);
        if (change.store) {
          database.db
            .insert(checkCertificates)
            .values({ checkId: item.check.id, notAfter, checkedAt: item.at })
            .onConflictDoUpdate({ target: checkCertificates.checkId, set: { notAfter, checkedAt: item.at } })
            .run();
        }
        if (change.tell) recorder.notices?.certificateExpiring?.(database.db, { checkId: item.check.id, notAfter }, now);
      }
    }
    history.writeEndedMinutes(now);
    if (openMinutes) history.writeOpenMinutes();
  });
  return keepingWhatCommitted(history, certificates, write);
}
