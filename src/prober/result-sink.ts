import type { CheckConfig } from '../config/types.ts';
import type { ResultHistory, StoredResult } from '../history/result-history.ts';
import type { CertificateNotices, CertificateWatch } from './certificate-watch.ts';
import type { DetectorEvent } from '../outages/detector.ts';
import type { OutageEventsWriter } from '../outages/outage-recorder.ts';
import type { ProbeResult } from '../probe/types.ts';
import type { StoreTx } from '../store/store.ts';

export interface PendingResult {
  readonly check: CheckConfig;
  readonly at: number;
  /** null: the result was dropped while the database refused writes; only its outage changes remain. */
  readonly result: ProbeResult | null;
  readonly events: readonly DetectorEvent[];
  /** The fencing number of the check's shard when its probe started, for probers sharing a location (src/share/write-fence.ts). */
  readonly fence?: number;
}

/** Time of a check whose results were dropped (the queue's bound): written as unmonitored. */
export interface DroppedSpan {
  readonly check: CheckConfig;
  start: number;
  end: number;
  /** The fencing number of the last result dropped into it, as on PendingResult. */
  fence?: number | undefined;
}

export interface ResultBatch {
  /** In the order they were taken; a check's results in its order. */
  readonly items: readonly PendingResult[];
  /** By check id. */
  readonly spans: ReadonlyMap<string, DroppedSpan>;
  readonly now: number;
  /** Also write the latency minutes still filling (an explicit flush, a stop). */
  readonly openMinutes: boolean;
}

/**
 * Where the result writer (src/prober/result-writer.ts) puts a batch: results as history, the
 * outage changes they caused, unmonitored spans and certificates, in one store transaction, all
 * or nothing. The writer keeps the queue, its bound and the failures; a sink keeps what it
 * remembers between batches (open runs, minutes filling, certificates known) in step with what
 * committed. Two sinks, one contract (test/prober/result-sink.contract.test.ts): SQLite's
 * prepared statements, PostgreSQL's multi-row statements; both write outages and incidents with
 * the one recorder (src/outages/outage-recorder.ts).
 */
export interface ResultSink {
  /** Writes the batch; rejects (or throws) when nothing of it was written. */
  write(batch: ResultBatch): void | Promise<void>;
  /** Some latency minute still filling holds answers not yet written. */
  readonly hasUnwrittenMinutes: boolean;
  /** The certificate an https check last presented (notAfter), or null. */
  certificateOf(checkId: string): number | null;
  /** Forgets what it remembers of these checks (their runs, their minutes filling), which another prober wrote to meanwhile. */
  forget(checkIds: Iterable<string>): void;
}

/**
 * How a batch's results go into the history, one after the other in order (null for a dropped
 * result, whose outage changes alone remain). A result after unmonitored time starts a run of
 * its own: after a gap the detector saw, or the first result of a check after its dropped time;
 * the results after that one extend its run.
 */
export function storedResultsOf(batch: ResultBatch): (item: PendingResult) => StoredResult | null {
  const afterDropped = new Set(batch.spans.keys());
  return (item) => {
    if (!item.result) return null;
    const { status, latencyMs, reason } = item.result;
    const afterGap = afterDropped.delete(item.check.id) || item.events.some((event) => event.type === 'unmonitored');
    return { checkId: item.check.id, envId: item.check.environmentId, at: item.at, status, latencyMs, reason, afterGap };
  };
}

/** What a sink writes a batch's outage changes and certificate alerts with. */
export interface ResultSinkDeps {
  /** The outage recorder (src/outages/outage-recorder.ts), or another writer of the same events. */
  readonly recordOutageEvents: OutageEventsWriter;
  readonly notices?: Partial<CertificateNotices> | undefined;
  /** The location whose results these are: the implicit one (`default`) unless a prober names its own. */
  readonly location?: string | undefined;
  /** Probers sharing a location: the results of shards another prober took since they were probed are not written. */
  readonly fence?: WriteFence | undefined;
}

/**
 * Keeps a batch to the results this prober may still write, asked inside the batch's transaction
 * (src/share/write-fence.ts): writes wait for each other there, so the answer holds until commit.
 */
export interface WriteFence {
  /** The batch without the results and dropped time of checks whose shard was taken by another since they were probed. */
  keep(tx: StoreTx, batch: ResultBatch): Promise<ResultBatch>;
  /** The transaction of the last `keep` committed: the results it refused count. */
  committed(): void;
  /** It rolled back: its batch is kept again when it is written again, and counted then. */
  rolledBack(): void;
  /** Results refused in transactions that committed, since the fence was made. */
  readonly refusedResults: number;
}

/** A certificate a batch stores (check_certificates). */
export interface CertificateRow {
  readonly checkId: string;
  readonly notAfter: number;
  readonly checkedAt: number;
}

/**
 * A batch's results in order, in its transaction, as both sinks take them: each into the history,
 * the outage changes it caused through the recorder as they come, its certificate observed (the
 * team told in the transaction); then the minutes that ended (and those filling, when asked).
 * Returns the certificates to store, the latest of each check. A result with no outage change
 * and no certificate awaits nothing: the history's rows are written (or staged) synchronously.
 */
export async function recordBatch(tx: StoreTx, batch: ResultBatch, history: ResultHistory, certificates: CertificateWatch, deps: ResultSinkDeps): Promise<CertificateRow[]> {
  const { items, now, openMinutes } = batch;
  const storedOf = storedResultsOf(batch);
  const changed = new Map<string, CertificateRow>();
  for (const item of items) {
    const stored = storedOf(item);
    if (stored) history.record(stored);
    if (item.events.length) await deps.recordOutageEvents(tx, item.check, item.events, now);
    const notAfter = item.result?.certificateNotAfter;
    if (notAfter !== undefined) {
      const change = certificates.observe(item.check, notAfter, item.at);
      if (change.store) changed.set(item.check.id, { checkId: item.check.id, notAfter, checkedAt: item.at });
      if (change.tell) await deps.notices?.certificateExpiring?.(tx, { checkId: item.check.id, notAfter }, now);
    }
  }
  history.writeEndedMinutes(now);
  if (openMinutes) history.writeOpenMinutes();
  return [...changed.values()];
}

/**
 * A sink around `write`, which writes a batch through `history` and `certificates` (synchronously
 * or not): what they staged is kept once it succeeded, dropped when it threw, for the batch to
 * be replayed in full.
 */
export function keepingWhatCommitted(history: ResultHistory, certificates: CertificateWatch, write: (batch: ResultBatch) => void | Promise<void>, fence?: WriteFence): ResultSink {
  const committed = () => {
    certificates.commit();
    history.commit();
    fence?.committed();
  };
  const rolledBack = (error: unknown): never => {
    certificates.discard();
    history.discard();
    fence?.rolledBack();
    throw error;
  };
  return {
    write(batch) {
      let outcome: void | Promise<void>;
      try {
        outcome = write(batch);
      } catch (error) {
        return rolledBack(error);
      }
      return outcome ? outcome.then(committed, rolledBack) : committed();
    },
    get hasUnwrittenMinutes() {
      return history.hasUnwrittenMinutes;
    },
    certificateOf: (checkId) => certificates.notAfter(checkId),
    forget: (checkIds) => history.forget(checkIds),
  };
}
