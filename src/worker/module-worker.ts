import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

// Work that may take long (parsing a large configuration, computing a report) runs in a worker
// thread so that the daemon's own thread, where the prober keeps its schedule, stays free.
// veille runs its TypeScript through tsx, whose loader a worker does not inherit: a worker
// on a .ts module first registers tsx itself (a few lines evaluated as its entry point), then
// imports the module; a compiled .js module is started directly.

const TSX_ENTRY = `
const { workerData } = require('node:worker_threads');
import(workerData.boot.tsx)
  .then(({ register }) => { register({ tsconfig: workerData.boot.tsconfig }); return import(workerData.boot.module); })
  .catch((error) => { setImmediate(() => { throw error; }); });
`;

export interface ModuleWorkerOptions {
  readonly data?: unknown;
  /** Caps on the worker's heap, so that hostile input exhausts the worker, not the daemon. */
  readonly resourceLimits?: ResourceLimits;
}

/** Starts a worker thread running `module` (a file URL); it reads `workerData.data`. */
export function startModuleWorker(module: URL, options: ModuleWorkerOptions = {}): Worker {
  const base = { resourceLimits: options.resourceLimits, stdout: false, stderr: false };
  if (!module.pathname.endsWith('.ts')) return new Worker(module, { ...base, workerData: { data: options.data } });
  const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(TSX_ENTRY, { ...base, eval: true, workerData: { data: options.data, boot: { tsx, tsconfig, module: module.href } } });
}

/**
 * Runs a one-shot worker: resolves with the first message it posts. Rejects if it fails, exits
 * without answering, or takes longer than `timeoutMs` (it is then terminated).
 */
export function runWorkerOnce<T>(module: URL, options: ModuleWorkerOptions & { readonly timeoutMs: number }): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = startModuleWorker(module, options);
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(() => settle(() => reject(new WorkerTimeoutError(options.timeoutMs))), options.timeoutMs);
    worker.once('message', (message: T) => settle(() => resolve(message)));
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the worker stopped (exit code ${code}) without an answer`))));
  });
}

export class WorkerTimeoutError extends Error {
  override name = 'WorkerTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}
