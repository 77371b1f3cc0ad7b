import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { startDaemon, type RunningDaemon } from '../../src/daemon/daemon.ts';
import { createToken } from '../../src/auth/token-store.ts';
import { httpTarget, type Target } from '../probe/loopback.ts';

// A real full disk: the daemon's database on a 2 MB tmpfs that a file then fills. Mounting
// needs root (or CAP_SYS_ADMIN); where it is refused the test says so and is skipped. The
// injected failures of database-unwritable.test.ts run everywhere.

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  // Every step runs, so the tmpfs is unmounted even if stopping the daemon failed.
  const failures: unknown[] = [];
  while (cleanups.length) await Promise.resolve().then(cleanups.pop()!).catch((error: unknown) => failures.push(error));
  if (failures.length) throw failures[0];
});

function mountSmallTmpfs(): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'veille-full-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  cleanups.push(() => {
    execFileSync('umount', [dir], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Writes a file as large as the space left allows. */
function fill(file: string): void {
  const chunk = Buffer.alloc(16 * 1024);
  let size = 0;
  for (;;) {
    try {
      writeFileSync(file, chunk, { flag: size === 0 ? 'w' : 'a' });
      size += chunk.length;
    } catch {
      return;
    }
  }
}

describe('the daemon on a disk that fills up', () => {
  it('keeps running and probing, answers writes 503, fails /healthz, and resumes on its own once space returns', async (context) => {
    const dir = mountSmallTmpfs();
    if (!dir) return context.skip('mounting a tmpfs is not allowed here');
    const target: Target = await httpTarget((_req, res) => res.end('ok'));
    cleanups.push(() => target.close());
    const config = parseConfig(`
environments:
  - id: local-prod
    name: Local
    type: production
    checks:
      - { id: local-web, url: "${target.url}/", every: 1s, timeout: 500ms }
`);
    const daemon: RunningDaemon = await startDaemon({ config, dbFile: join(dir, 'veille.db'), port: 0, host: '127.0.0.1', probe: true });
    cleanups.push(() => daemon.stop());
    const base = `http://127.0.0.1:${daemon.port}`;
    const count = () => (daemon.database!.sqlite.prepare('SELECT coalesce(sum(count), 0) AS n FROM probe_runs').get() as { n: number }).n;
    await vi.waitFor(() => expect(count()).toBeGreaterThan(0), { timeout: 10_000, interval: 100 });
    const admin = (await daemon.store.transaction((tx) => createToken(tx, { role: 'admin', name: 'ops', now: Date.now() }))).secret;
    const createViewerToken = () =>
      fetch(`${base}/api/v1/tokens`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ role: 'viewer', name: 'reader' }) });

    fill(join(dir, 'filler'));
    await vi.waitFor(async () => expect(await (await fetch(`${base}/healthz`)).json()).toMatchObject({ ok: false, database: { writable: false } }), { timeout: 15_000, interval: 200 });
    const health = await (await fetch(`${base}/healthz`)).json();
    expect(health.database.code).toMatch(/^SQLITE_(FULL|IOERR)/);
    // Probing goes on: results pile up in memory.
    await vi.waitFor(async () => expect((await (await fetch(`${base}/healthz`)).json()).pendingResults).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 200 });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^veille_database_writable 0$/m);
    const refused = await createViewerToken();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await refused.json()).error.code).toBe('database_unavailable');
    const written = count();

    rmSync(join(dir, 'filler'));
    await vi.waitFor(async () => expect((await fetch(`${base}/healthz`)).status).toBe(200), { timeout: 40_000, interval: 200 });
    expect(count()).toBeGreaterThan(written + 1);
    expect((await createViewerToken()).status).toBe(201);
  }, 90_000);
});
