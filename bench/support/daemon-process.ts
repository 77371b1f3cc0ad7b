// What the benches that run the whole daemon share: starting it as production does, waiting for
// it, counting at the target and stopping it.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The node flags `npm start` runs the daemon with (package.json): the bench measures what
 * production runs. VEILLE_BENCH_DAEMON_FLAGS adds some (`--cpu-prof --cpu-prof-dir=DIR` to see
 * where the daemon's time goes; node refuses those in NODE_OPTIONS).
 */
export function startFlags(root: string): string[] {
  const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = script.split(/\s+/);
  const extra = (process.env.VEILLE_BENCH_DAEMON_FLAGS ?? '').split(/\s+/).filter((word) => word.startsWith('--'));
  return [...words.slice(words.indexOf('node') + 1, words.indexOf('bin/veille.js')).filter((word) => word.startsWith('--')), ...extra];
}

/** Requests the target has counted since it started (it is never reset here). */
export async function targetHits(port: number): Promise<number> {
  return ((await (await fetch(`http://127.0.0.1:${port}/__stats`)).json()) as { total: number }).total;
}

/** SIGTERM, then up to 15 s for the daemon to finish its writes and exit. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** Resolves once `url` answers at all (any status), or fails after `ms`. */
export async function waitFor(url: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const response = await fetch(url).catch(() => null);
    if (response) {
      await response.arrayBuffer();
      return;
    }
    if (Date.now() > until) throw new Error(`${url} did not answer within ${ms} ms`);
    await sleep(200);
  }
}
