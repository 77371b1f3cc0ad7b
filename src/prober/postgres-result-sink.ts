import { sql } from 'drizzle-orm';
import type { CheckConfig } from '../config/types.ts';
import { ResultHistory } from '../history/result-history.ts';
import type { DetectorEvent } from '../outages/detector.ts';
import type { Store, StoreTx } from '../store/store.ts';
import { CertificateWatch } from './certificate-watch.ts';
import { StagedHistoryRows, chunks } from './postgres-history-rows.ts';
import { keepingWhatCommitted, storedResultsOf, type ResultBatch, type ResultSink } from './result-sink.ts';

/** Writes what the detector decided for one check, in the batch's transaction (src/outages/outage-recorder.ts). */
export type OutageEventsWriter = (tx: StoreTx, check: CheckConfig, events: readonly DetectorEvent[], now: number) => Promise<void>;

/** Told in the batch's transaction when an https check's certificate enters its warning period; never throws. */
export interface CertificateNoticesAsync {
  certificateExpiring(tx: StoreTx, input: { checkId: string; notAfter: number }, now: number): Promise<void>;
}

/**
 * The result sink on PostgreSQL: each batch in one store transaction, its results as a few
 * multi-row statements (runs, failures, minutes: src/prober/postgres-history-rows.ts), its
 * unmonitored spans and certificates likewise, and its outage changes through the recorder as
 * they come. What it remembers (open runs, minutes filling, certificates) is kept only once the
 * transaction committed.
 */
export async function postgresResultSink(
  store: Store,
  deps: { recordOutageEvents: OutageEventsWriter; notices?: Partial<CertificateNoticesAsync> | undefined; location?: string | undefined },
): Promise<ResultSink> {
  const rows = new StagedHistoryRows(deps.location);
  const history = new ResultHistory(rows);
  const certificates = await CertificateWatch.read(store);

  async function write(tx: StoreTx, batch: ResultBatch): Promise<void> {
    const { items, spans, now, openMinutes } = batch;
    const storedOf = storedResultsOf(batch);
    await rows.readAhead(tx, history, items);
    const changedCertificates = new Map<string, { checkId: string; notAfter: number; checkedAt: number }>();
    for (const item of items) {
      const stored = storedOf(item);
      if (stored) history.record(stored);
      if (item.events.length) await deps.recordOutageEvents(tx, item.check, item.events, now);
      const notAfter = item.result?.certificateNotAfter;
      if (notAfter !== undefined) {
        const change = certificates.observe(item.check, notAfter, item.at);
        if (change.store) changedCertificates.set(item.check.id, { checkId: item.check.id, notAfter, checkedAt: item.at });
        if (change.tell) await deps.notices?.certificateExpiring?.(tx, { checkId: item.check.id, notAfter }, now);
      }
    }
    history.writeEndedMinutes(now);
    if (openMinutes) history.writeOpenMinutes();
    const { db, t } = tx;
    const spanRows = [...spans.values()].map((span) => ({ checkId: span.check.id, envId: span.check.environmentId, start: span.start, end: span.end }));
    for (const chunk of chunks(spanRows)) await db.insert(t.unmonitoredSpans).values(chunk);
    await rows.write(tx, history);
    for (const chunk of chunks([...changedCertificates.values()])) {
      await db
        .insert(t.checkCertificates)
        .values(chunk)
        .onConflictDoUpdate({ target: t.checkCertificates.checkId, set: { notAfter: sql`excluded.not_after`, checkedAt: sql`excluded.checked_at` } });
    }
  }

  return keepingWhatCommitted(history, certificates, (batch) => store.transaction((tx) => write(tx, batch)));
}
