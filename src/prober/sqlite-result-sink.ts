import { IMPLICIT_LOCATION } from '../config/types.ts';
import type { OpenDatabase } from '../store/database.ts';
import { ResultHistory } from '../history/result-history.ts';
import { CertificateWatch } from './certificate-watch.ts';
import { keepingWhatCommitted, recordBatch, type ResultBatch, type ResultSink, type ResultSinkDeps } from './result-sink.ts';

/**
 * The result sink on SQLite: each batch in one store transaction (BEGIN IMMEDIATE … COMMIT on the
 * one connection, src/store/sqlite-store.ts), its results through raw prepared statements on that
 * connection (the hot path: thousands a minute, awaiting nothing), its outage changes through
 * the recorder as they come, awaiting the store only, so the transaction ends within the
 * microtasks that follow its start.
 */
export function sqliteResultSink(database: Pick<OpenDatabase, 'db' | 'sqlite' | 'store'>, deps: ResultSinkDeps): ResultSink {
  const { db, sqlite, store } = database;
  const history = new ResultHistory(sqlite, deps.location ?? IMPLICIT_LOCATION);
  const certificates = CertificateWatch.readSync(db);
  const insertSpan = sqlite.prepare('INSERT INTO unmonitored_spans (check_id, env_id, start, "end") VALUES (?, ?, ?, ?)');
  const storeCertificate = sqlite.prepare(
    'INSERT INTO check_certificates (check_id, not_after, checked_at) VALUES (?, ?, ?) ON CONFLICT (check_id) DO UPDATE SET not_after = excluded.not_after, checked_at = excluded.checked_at',
  );
  const write = (whole: ResultBatch) =>
    store.transaction(async (tx) => {
      const batch = deps.fence ? await deps.fence.keep(tx, whole) : whole;
      for (const span of batch.spans.values()) insertSpan.run(span.check.id, span.check.environmentId, span.start, span.end);
      for (const row of await recordBatch(tx, batch, history, certificates, deps)) storeCertificate.run(row.checkId, row.notAfter, row.checkedAt);
    });
  return keepingWhatCommitted(history, certificates, write, deps.fence);
}
