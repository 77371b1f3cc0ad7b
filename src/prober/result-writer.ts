import type { CheckConfig } from '../config/types.ts';
import type { DetectorEvent } from '../outages/detector.ts';
import { recordOutageEvents, type OutageRecorderDeps } from '../outages/outage-recorder.ts';
import type { ProbeResult } from '../probe/types.ts';
import type { OpenDatabase } from '../store/database.ts';
import { isDatabaseUnavailable, type DatabaseWrites } from '../store/database-writes.ts';
import { ResultHistory } from '../history/result-history.ts';
import { CertificateWatch } from './certificate-watch.ts';

/** Results kept in memory while the database refuses writes; beyond, the oldest are dropped. */
export const MAX_QUEUED_RESULTS = 100_000;

export interface PendingResult {
  readonly check: CheckConfig;
  readonly at: number;
  /** null: the result was dropped while the database refused writes; only its outage changes remain. */
  readonly result: ProbeResult | null;
  readonly events: readonly DetectorEvent[];
}

export interface ResultWriterOptions {
  readonly batchSize: number;
  readonly maxQueued?: number;
  /** Told of every attempt's outcome (/healthz, /metrics, API errors); it also spaces retries. */
  readonly writes?: DatabaseWrites;
}

// What a dropped result's events still carry: the outage transitions. `outage_continued` only
// moves the last down forward, which the next result of the check does again; a blip is in
// the results themselves.
const kept = (events: readonly DetectorEvent[]) => events.filter((event) => event.type !== 'outage_continued' && event.type !== 'blip');

/**
 * Probe results wait here and are written in batches, one transaction each, together with the
 * outage changes they caused: one commit per second instead of one per probe, and a crash
 * (`kill -9`) loses at most the batch not yet written, never half of it. A batch that fails to
 * commit (disk full, database locked too long, read-only) stays queued, in order, for the next
 * attempt, spaced out while the failure lasts.
 *
 * The queue is bounded: past `maxQueued` results the oldest results are dropped, never their
 * outage openings and closings. A dropped result is counted and the time it covered is written,
 * once writing works again, as an unmonitored span of its check: neither up nor down.
 */
export class ResultWriter {
  private queue: PendingResult[] = [];
  private queuedResults = 0;
  private readonly droppedSpans = new Map<string, { check: CheckConfig; start: number; end: number }>();
  private readonly writeBatch: (
    batch: readonly PendingResult[],
    spans: ReadonlyMap<string, { check: CheckConfig; start: number; end: number }>,
    now: number,
    openMinutes: boolean,
  ) => void;
  private readonly history: ResultHistory;
  private readonly batchSize: number;
  private readonly maxQueued: number;
  private readonly writes: DatabaseWrites | undefined;
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
    options: ResultWriterOptions,
  ) {
    this.batchSize = options.batchSize;
    this.maxQueued = options.maxQueued ?? MAX_QUEUED_RESULTS;
    this.writes = options.writes;
    // A raw prepared statement: results are the hot path (thousands a minute); the rarer
    // outage writes go through drizzle on the same connection, inside the same transaction.
    const certificates = new CertificateWatch(database);
    this.certificates = certificates;
    const history = new ResultHistory(database.sqlite);
    this.history = history;
    const insertSpan = database.sqlite.prepare('INSERT INTO unmonitored_spans (check_id, env_id, start, "end") VALUES (?, ?, ?, ?)');
    this.writeBatch = database.sqlite.transaction((batch: readonly PendingResult[], spans: ReadonlyMap<string, { check: CheckConfig; start: number; end: number }>, now: number, openMinutes: boolean) => {
      for (const span of spans.values()) insertSpan.run(span.check.id, span.check.environmentId, span.start, span.end);
      for (const item of batch) {
        if (item.result) {
          const { status, latencyMs, reason } = item.result;
          const afterGap = item.events.some((event) => event.type === 'unmonitored') || spans.has(item.check.id);
          history.record({ checkId: item.check.id, envId: item.check.environmentId, at: item.at, status, latencyMs, reason, afterGap });
        }
        if (item.events.length) recordOutageEvents(database.db, recorder, item.check, item.events, now);
        if (item.result?.certificateNotAfter !== undefined) certificates.observe(database.db, item.check, item.result.certificateNotAfter, item.at, recorder.notices, now);
      }
      history.writeEndedMinutes(now);
      if (openMinutes) history.writeOpenMinutes();
    });
  }

  /** Results waiting to be written. */
  get pending(): number {
    return this.queuedResults;
  }

  add(item: PendingResult): void {
    this.queue.push(item);
    if (item.result) this.queuedResults++;
    this.keepBound();
    // A full batch is written at once, as the periodic flush writes: the latency minutes still
    // filling wait for their minute to end. Writing them with every batch rewrote every check's
    // minute each time (at 50,000 checks, ten times a second).
    if (this.queue.length >= this.batchSize && (this.writes?.mayTry() ?? true)) this.flush({ whenDue: true });
  }

  /**
   * Writes what is queued; returns how many results were written (0 on failure, kept queued).
   * `whenDue`: skip the attempt while a failure's retry time has not come (periodic flushes).
   * An explicit flush (not `whenDue`: a stop, a caller that reads next) also writes the latency
   * minutes still filling; periodic ones leave them to fill, written once when the minute ends.
   */
  flush(options: { whenDue?: boolean } = {}): number {
    const openMinutes = !options.whenDue;
    if (this.queue.length === 0 && this.droppedSpans.size === 0 && !(openMinutes && this.history.hasUnwrittenMinutes)) return 0;
    if (options.whenDue && this.writes && !this.writes.mayTry()) return 0;
    const batch = this.queue;
    const results = this.queuedResults;
    this.queue = [];
    this.queuedResults = 0;
    try {
      this.writeBatch(batch, this.droppedSpans, this.clock(), openMinutes);
    } catch (error) {
      this.certificates.discard();
      this.history.discard();
      this.queue = batch.concat(this.queue);
      this.queuedResults += results;
      this.keepBound();
      this.lastError = error as Error;
      if (isDatabaseUnavailable(error)) this.writes?.failed(error);
      return 0;
    }
    this.certificates.commit();
    this.history.commit();
    this.droppedSpans.clear();
    this.writes?.succeeded();
    this.lastError = null;
    this.lastWriteAt = this.clock();
    this.written += results;
    return results;
  }

  /** Past the bound, drops down to 90 % of it at once: one pass over the queue per many results, not per result. */
  private keepBound(): void {
    if (this.queuedResults > this.maxQueued) this.dropOldest(this.queuedResults - Math.floor(this.maxQueued * 0.9));
  }

  /** Drops the `count` oldest results, keeping their outage transitions and noting the time they covered. */
  private dropOldest(count: number): void {
    const next: PendingResult[] = [];
    let left = count;
    for (const item of this.queue) {
      if (left === 0 || item.result === null) {
        next.push(item);
        continue;
      }
      left--;
      this.dropped++;
      this.queuedResults--;
      const span = this.droppedSpans.get(item.check.id);
      if (span) {
        span.start = Math.min(span.start, item.at);
        span.end = Math.max(span.end, item.at);
      } else {
        this.droppedSpans.set(item.check.id, { check: item.check, start: item.at, end: item.at });
      }
      const transitions = kept(item.events);
      if (transitions.length) next.push({ check: item.check, at: item.at, result: null, events: transitions });
    }
    this.queue = next;
  }
}
