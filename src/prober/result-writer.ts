import type { CheckConfig } from '../config/types.ts';
import type { DetectorEvent } from '../outages/detector.ts';
import { recordOutageEvents, type OutageRecorderDeps } from '../outages/outage-recorder.ts';
import type { ProbeResult } from '../probe/types.ts';
import type { OpenDatabase } from '../store/database.ts';
import { CertificateWatch } from './certificate-watch.ts';

const MAX_QUEUED = 100_000;

export interface PendingResult {
  readonly check: CheckConfig;
  readonly at: number;
  readonly result: ProbeResult;
  readonly events: readonly DetectorEvent[];
}

/**
 * Probe results wait here and are written in batches, one transaction each, together with the
 * outage changes they caused: one commit per second instead of one per probe, and a crash
 * (`kill -9`) loses at most the batch not yet written, never half of it. A batch that fails to
 * commit (database locked too long) stays queued, in order, for the next attempt.
 */
export class ResultWriter {
  private queue: PendingResult[] = [];
  private readonly writeBatch: (batch: readonly PendingResult[], now: number) => void;
  lastError: Error | null = null;
  lastWriteAt: number | null = null;
  written = 0;
  /** Results given up on because the database refused writes for too long. */
  dropped = 0;
  /** The certificates of https checks (expiry alerts). */
  readonly certificates: CertificateWatch;

  constructor(
    database: OpenDatabase,
    recorder: OutageRecorderDeps,
    private readonly clock: () => number,
    private readonly batchSize: number,
  ) {
    // A raw prepared statement: results are the hot path (thousands a minute); the rarer
    // outage writes go through drizzle on the same connection, inside the same transaction.
    const certificates = new CertificateWatch(database);
    this.certificates = certificates;
    const insert = database.sqlite.prepare('INSERT INTO probe_results (check_id, env_id, at, status, latency_ms, reason) VALUES (?, ?, ?, ?, ?, ?)');
    this.writeBatch = database.sqlite.transaction((batch: readonly PendingResult[], now: number) => {
      for (const item of batch) {
        insert.run(item.check.id, item.check.environmentId, item.at, item.result.status, item.result.latencyMs, item.result.reason);
        if (item.events.length) recordOutageEvents(database.db, recorder, item.check, item.events, now);
        if (item.result.certificateNotAfter !== undefined) certificates.observe(database.db, item.check, item.result.certificateNotAfter, item.at, recorder.notices, now);
      }
    });
  }

  get pending(): number {
    return this.queue.length;
  }

  add(item: PendingResult): void {
    this.queue.push(item);
    if (this.queue.length >= this.batchSize) this.flush();
  }

  /** Writes what is queued; returns how many results were written (0 on failure, kept queued). */
  flush(): number {
    if (this.queue.length === 0) return 0;
    const batch = this.queue;
    this.queue = [];
    try {
      this.writeBatch(batch, this.clock());
    } catch (error) {
      this.certificates.discard();
      this.queue = batch.concat(this.queue);
      // Bounded memory if the database stays unwritable: the oldest results go first.
      const excess = this.queue.length - MAX_QUEUED;
      if (excess > 0) {
        this.queue.splice(0, excess);
        this.dropped += excess;
      }
      this.lastError = error as Error;
      return 0;
    }
    this.certificates.commit();
    this.lastError = null;
    this.lastWriteAt = this.clock();
    this.written += batch.length;
    return batch.length;
  }
}
