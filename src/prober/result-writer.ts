import type { DetectorEvent } from '../outages/detector.ts';
import { DEFAULT_MAX_QUEUED_RESULTS } from '../config/defaults.ts';
import { databaseUnavailable, type DatabaseWrites } from '../store/database-writes.ts';
import type { DroppedSpan, PendingResult, ResultSink } from './result-sink.ts';

export type { PendingResult } from './result-sink.ts';

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
 * commit (disk full, database locked too long, read-only, a server that cannot be reached) stays
 * queued, in order, for the next attempt, spaced out while the failure lasts.
 *
 * The queue is bounded: past `maxQueued` results the oldest results are dropped, never their
 * outage openings and closings. A dropped result is counted and the time it covered is written,
 * once writing works again, as an unmonitored span of its check: neither up nor down.
 *
 * Where a batch goes is the sink's (src/prober/result-sink.ts), in a store transaction that
 * answers later: one batch is in flight at a time, and results coming meanwhile wait for the next.
 */
export class ResultWriter {
  private queue: PendingResult[] = [];
  private queuedResults = 0;
  private droppedSpans = new Map<string, DroppedSpan>();
  private readonly batchSize: number;
  private readonly maxQueued: number;
  private readonly writes: DatabaseWrites | undefined;
  /** The batch being written by a sink that answers later, settled once its outcome is taken in. */
  private writing: Promise<number> | null = null;
  private inFlightResults = 0;
  lastError: Error | null = null;
  lastWriteAt: number | null = null;
  written = 0;
  /** Results given up on because the database refused writes for too long. */
  dropped = 0;

  constructor(
    private readonly sink: ResultSink,
    private readonly clock: () => number,
    options: ResultWriterOptions,
  ) {
    this.batchSize = options.batchSize;
    this.maxQueued = options.maxQueued ?? DEFAULT_MAX_QUEUED_RESULTS;
    this.writes = options.writes;
  }

  /** Results waiting to be written (the batch in flight included). */
  get pending(): number {
    return this.queuedResults + this.inFlightResults;
  }

  add(item: PendingResult): void {
    this.queue.push(item);
    if (item.result) this.queuedResults++;
    this.keepBound();
    // A full batch is written at once, as the periodic flush writes: the latency minutes still
    // filling wait for their minute to end. Writing them with every batch rewrote every check's
    // minute each time (at 50,000 checks, ten times a second).
    if (this.queue.length >= this.batchSize && (this.writes?.mayTry() ?? true)) void this.flush({ whenDue: true });
  }

  /**
   * Writes what is queued; resolves to how many results were written (0 on failure, kept
   * queued). `whenDue`: skip the attempt while a failure's retry time has not come, or while a
   * batch is in flight (periodic flushes). An explicit flush (not `whenDue`: a stop, a caller
   * that reads next) waits for the batch in flight, then also writes the latency minutes still
   * filling; periodic ones leave them to fill, written once when the minute ends. Never rejects.
   */
  flush(options: { whenDue?: boolean } = {}): Promise<number> {
    if (this.writing) return options.whenDue ? Promise.resolve(0) : this.writing.then(() => this.flush(options));
    const openMinutes = !options.whenDue;
    if (this.queue.length === 0 && this.droppedSpans.size === 0 && !(openMinutes && this.sink.hasUnwrittenMinutes)) return Promise.resolve(0);
    if (options.whenDue && this.writes && !this.writes.mayTry()) return Promise.resolve(0);
    const items = this.queue;
    const results = this.queuedResults;
    const spans = this.droppedSpans;
    this.queue = [];
    this.queuedResults = 0;
    this.droppedSpans = new Map();
    let outcome: void | Promise<void>;
    try {
      outcome = this.sink.write({ items, spans, now: this.clock(), openMinutes });
    } catch (error) {
      return Promise.resolve(this.failed(items, results, spans, error));
    }
    if (!outcome) return Promise.resolve(this.succeeded(results));
    this.inFlightResults = results;
    const writing = outcome.then(
      () => this.succeeded(results),
      (error: unknown) => this.failed(items, results, spans, error),
    );
    this.writing = writing.finally(() => {
      this.writing = null;
      this.inFlightResults = 0;
      // Results that came while it was in flight: a full batch goes at once, as in `add`.
      if (this.queue.length >= this.batchSize && (this.writes?.mayTry() ?? true)) void this.flush({ whenDue: true });
    });
    return this.writing;
  }

  private succeeded(results: number): number {
    this.writes?.succeeded();
    this.lastError = null;
    this.lastWriteAt = this.clock();
    this.written += results;
    return results;
  }

  /** The batch goes back in front of what came since, in order, its dropped time with it. */
  private failed(items: PendingResult[], results: number, spans: Map<string, DroppedSpan>, error: unknown): number {
    this.queue = items.concat(this.queue);
    this.queuedResults += results;
    for (const [checkId, span] of this.droppedSpans) widen(spans, checkId, span.check, span.start, span.end, span.fence);
    this.droppedSpans = spans;
    this.inFlightResults = 0;
    this.keepBound();
    this.lastError = error instanceof Error ? error : new Error(String(error));
    const unavailable = databaseUnavailable(error);
    if (unavailable) this.writes?.failed(unavailable);
    return 0;
  }

  /** Past the bound, drops down to 90 % of it at once: one pass over the queue per many results, not per result. */
  private keepBound(): void {
    if (this.queuedResults + this.inFlightResults > this.maxQueued) this.dropOldest(this.queuedResults + this.inFlightResults - Math.floor(this.maxQueued * 0.9));
  }

  /** Drops the `count` oldest results queued, keeping their outage transitions and noting the time they covered. */
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
      widen(this.droppedSpans, item.check.id, item.check, item.at, item.at, item.fence);
      const transitions = kept(item.events);
      if (transitions.length) next.push({ check: item.check, at: item.at, result: null, events: transitions, ...(item.fence === undefined ? {} : { fence: item.fence }) });
    }
    this.queue = next;
  }
}

function widen(spans: Map<string, DroppedSpan>, checkId: string, check: DroppedSpan['check'], start: number, end: number, fence: number | undefined): void {
  const span = spans.get(checkId);
  if (span) {
    span.start = Math.min(span.start, start);
    span.end = Math.max(span.end, end);
    if (fence !== undefined) span.fence = Math.max(span.fence ?? fence, fence);
  } else {
    spans.set(checkId, { check, start, end, fence });
  }
}
