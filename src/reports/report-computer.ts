import type { Worker } from 'node:worker_threads';
import type { Config } from '../config/types.ts';
import { startModuleWorker } from '../worker/module-worker.ts';
import { buildMonthlyReport, type MonthlyReport, type ReportDeps } from './monthly-report.ts';

export interface MonthlyReportInput {
  readonly month: string;
  readonly now: number;
  readonly publicOnly: boolean;
}

/** Computes monthly reports, in a worker thread or on the caller's. */
export interface ReportComputer {
  monthly(input: MonthlyReportInput): Promise<MonthlyReport>;
  stop(): Promise<void>;
}

/** On the caller's thread: for an in-memory database (tests), which no other thread can open. */
export function inlineReportComputer(deps: ReportDeps): ReportComputer {
  return {
    monthly: async (input) => buildMonthlyReport(deps, input),
    stop: async () => undefined,
  };
}

const WORKER = new URL(`./report-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
/** A month's report needs a few MB; this bounds what a pathological database could make it take. */
const WORKER_HEAP_MB = 512;

type Answer = { id: number; ok: true; report: MonthlyReport } | { id: number; ok: false; error: string };

/**
 * In a worker thread with its own read-only connection to the database file (WAL lets it read
 * while the daemon writes): the report's queries and arithmetic never hold up the thread the
 * prober runs on. Started on the first request; a worker that dies fails what it was asked and
 * the next request starts another.
 */
export function workerReportComputer(input: { file: string; config: Config }): ReportComputer {
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve: (report: MonthlyReport) => void; reject: (error: Error) => void }>();

  const fail = (error: Error) => {
    for (const request of pending.values()) request.reject(error);
    pending.clear();
    worker = null;
  };

  const started = (): Worker => {
    if (worker) return worker;
    const current = startModuleWorker(WORKER, { data: { file: input.file, config: input.config }, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    current.unref();
    current.on('message', (answer: Answer) => {
      const request = pending.get(answer.id);
      pending.delete(answer.id);
      if (answer.ok) request?.resolve(answer.report);
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

  return {
    monthly(request) {
      const id = nextId++;
      return new Promise<MonthlyReport>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        started().postMessage({ id, ...request });
      });
    },
    async stop() {
      const current = worker;
      worker = null;
      fail(new Error('the report worker was stopped'));
      await current?.terminate();
    },
  };
}
