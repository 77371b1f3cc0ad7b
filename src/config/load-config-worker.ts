import { parentPort, workerData } from 'node:worker_threads';
import { ConfigError } from './config-error.ts';
import { loadConfigFile } from './load-config.ts';

// The body of the worker that reads a configuration file for a reload (load-config-off-thread.ts).

const { file } = (workerData as { data: { file: string } }).data;
try {
  parentPort!.postMessage({ ok: true, config: loadConfigFile(file) });
} catch (error) {
  if (error instanceof ConfigError) parentPort!.postMessage({ ok: false, file: error.file, issues: error.issues });
  else parentPort!.postMessage({ ok: false, file, issues: [{ path: '', message: `cannot read the configuration: ${(error as Error).message}` }] });
}
