import type { Worker } from 'node:worker_threads';
import type { Built } from '../cache/snapshot-cache.ts';
import type { Config } from '../config/types.ts';
import type { PublicSnapshot } from '../web/public-view/types.ts';
import { startModuleWorker } from '../worker/module-worker.ts';
import type { Calendars } from '../config/calendars.ts';
import type { ReportReads } from '../store/report-reads.ts';
import { readMonthlyReport, type MonthlyReport } from './monthly-report.ts';

export interface MonthlyReportInput {
  readonly month: string;
  readonly now: number;
  readonly publicOnly: boolean;
}

export interface PublicSnapshotInput {
  readonly now: number;
  /** Renderings read off the previous snapshot (public-documents.ts keys), made ready with this one. */
  readonly wanted: readonly string[];
}

/** Computes monthly reports, in a worker thread or on the caller's. */
export interface ReportComputer {
  monthly(input: MonthlyReportInput): Promise<MonthlyReport>;
  /** The public view and the documents wanted of it; absent: the site builds it on its own thread. */
  publicSnapshot?(input: PublicSnapshotInput): Promise<Built<PublicSnapshot>>;
  stop(): Promise<void>;
}

/** On the caller's thread, through the reads of its store: for an in-memory database (tests), which no other thread can open. */
export function inlineReportComputer(deps: { reads: ReportReads; config: Config; calendars: Calendars }): ReportComputer {
  return {
    monthly: (input) => readMonthlyReport(deps.reads, deps, input),
    stop: async () => undefined,
  };
}

/** What is still asked of the worker when its runtime stops (a reload, the daemon's stop). */
export class WorkerStoppedError extends Error {
  override name = 'WorkerStoppedError';
  constructor() {
    super('the report worker was stopped');
  }
}

const WORKER = new URL(`./report-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
/** A month's report needs a few MB; this bounds what a pathological database could make it take. */
const WORKER_HEAP_MB = 512;

type Answer = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** The database the worker opens: a SQLite file, or a PostgreSQL server's URL. */
export type WorkerDatabase = { readonly file: string } | { readonly url: string };

/** What the worker is started with (report-worker.ts). */
export type WorkerData = WorkerDatabase & { readonly config: Config };

/** What the worker is asked (report-worker.ts). */
export type WorkerRequest = ({ kind: 'monthly' } & MonthlyReportInput) | ({ kind: 'public-snapshot' } & PublicSnapshotInput);

/**
 * In a worker thread with its own connection to the database: read-only to the SQLite file (WAL
 * lets it read while the daemon writes), or a pool of its own to the PostgreSQL server. The
 * report's queries and arithmetic, and the public view's, never hold up the thread the prober
 * runs on. Started on the first request; a worker that dies fails what it was asked and the
 * next request starts another.
 */
export function workerReportComputer(input: WorkerDatabase & { config: Config }): ReportComputer {
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve: (result: never) => void; reject: (error: Error) => void }>();

  const fail = (error: Error) => {
    for (const request of pending.values()) request.reject(error);
    pending.clear();
    worker = null;
  };

  const started = (): Worker => {
    if (worker) return worker;
    const data: WorkerData = { ...('url' in input ? { url: input.url } : { file: input.file }), config: input.config };
    const current = startModuleWorker(WORKER, { data, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    current.unref();
    current.on('message', (answer: Answer) => {
      const request = pending.get(answer.id);
      pending.delete(answer.id);
      if (answer.ok) request?.resolve(answer.result as never);
      else request?.reject(new Error(answer.error));
    });
    current.on('error', (error) => {
      if (worker === current) fail(error);
    });
    current.on('exit', (code) => {
      if (worker === current) fail(new Error(`the report worker stopped (exit code ${code})`));
    });
    worker = current;
    return current;
  };

  const ask = <R>(request: WorkerRequest) => {
    const id = nextId++;
    return new Promise<R>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      started().postMessage({ id, ...request });
    });
  };

  return {
    monthly: (request) => ask<MonthlyReport>({ kind: 'monthly', ...request }),
    publicSnapshot: async (request) => {
      const built = await ask<{ value: PublicSnapshot; derived: Array<[string, unknown]> }>({ kind: 'public-snapshot', ...request });
      return { value: built.value, derived: new Map(built.derived) };
    },
    async stop() {
      const current = worker;
      worker = null;
      fail(new WorkerStoppedError());
      await current?.terminate();
    },
  };
}
