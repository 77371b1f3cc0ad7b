import { runWorkerOnce, WorkerTimeoutError } from '../worker/module-worker.ts';
import { ConfigError, type ConfigIssue } from './config-error.ts';
import { deepFreeze } from './deep-freeze.ts';
import type { Config } from './types.ts';

/** A reload's parse may take this long before it is abandoned (the file is then reported invalid). */
export const RELOAD_PARSE_TIMEOUT_MS = 60_000;
/** The parsing worker's heap: parsing takes about 80 bytes of heap per byte of YAML (a 4.5 MB file of 50,000 checks fits in 400 MB). */
const PARSE_HEAP_MB = 1024;

type Answer = { ok: true; config: Config } | { ok: false; file: string; issues: ConfigIssue[] };

const WORKER = new URL(`./load-config-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/**
 * loadConfigFile in a worker thread: what a running daemon uses to reload, so that however long
 * a file takes to read and check, the prober's thread keeps its schedule meanwhile. Same result:
 * a frozen Config, or a ConfigError naming every problem.
 */
export async function loadConfigFileOffThread(file: string, timeoutMs = RELOAD_PARSE_TIMEOUT_MS): Promise<Config> {
  let answer: Answer;
  try {
    answer = await runWorkerOnce<Answer>(WORKER, { data: { file }, timeoutMs, resourceLimits: { maxOldGenerationSizeMb: PARSE_HEAP_MB } });
  } catch (error) {
    const message =
      error instanceof WorkerTimeoutError
        ? `not parsed within ${timeoutMs} ms; nothing was changed`
        : (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `parsing it needed more than ${PARSE_HEAP_MB} MB; nothing was changed`
          : `cannot be parsed: ${(error as Error).message}`;
    throw new ConfigError(file, [{ path: '', message }]);
  }
  if (!answer.ok) throw new ConfigError(answer.file, answer.issues);
  return deepFreeze(answer.config);
}
