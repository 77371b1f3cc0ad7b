import { sql } from 'drizzle-orm';
import { ResultHistory } from '../history/result-history.ts';
import type { Store, StoreTx } from '../store/store.ts';
import { CertificateWatch } from './certificate-watch.ts';
import { StagedHistoryRows, chunks } from './postgres-history-rows.ts';
import { keepingWhatCommitted, recordBatch, type ResultBatch, type ResultSink, type ResultSinkDeps } from './result-sink.ts';

/**
 * The result sink on PostgreSQL: each batch in one store transaction, its results as a few
 * multi-row statements (runs, failures, minutes: src/prober/postgres-history-rows.ts), its
 * unmonitored spans and certificates likewise, and its outage changes through the recorder as
 * they come. What it remembers (open runs, minutes filling, certificates) is kept only once the
 * transaction committed.
 */
export async function postgresResultSink(store: Store, deps: ResultSinkDeps): Promise<ResultSink> {
  const rows = new StagedHistoryRows(deps.location);
  const history = new ResultHistory(rows);
  const certificates = await CertificateWatch.read(store);

  async function write(tx: StoreTx, whole: ResultBatch): Promise<void> {
    const batch = deps.fence ? await deps.fence.keep(tx, whole) : whole;
    await rows.readAhead(tx, history, batch.items);
    const changedCertificates = await recordBatch(tx, batch, history, certificates, deps);
    const { db, t } = tx;
    const spanRows = [...batch.spans.values()].map((span) => ({ checkId: span.check.id, envId: span.check.environmentId, start: span.start, end: span.end }));
    for (const chunk of chunks(spanRows)) await db.insert(t.unmonitoredSpans).values(chunk);
    await rows.write(tx, history);
    for (const chunk of chunks(changedCertificates)) {
      await db
        .insert(t.checkCertificates)
        .values(chunk)
        .onConflictDoUpdate({ target: t.checkCertificates.checkId, set: { notAfter: sql`excluded.not_after`, checkedAt: sql`excluded.checked_at` } });
    }
  }

  return keepingWhatCommitted(history, certificates, (batch) => store.transaction((tx) => write(tx, batch)), deps.fence);
}
