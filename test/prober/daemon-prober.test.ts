import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { startDaemon, type RunningDaemon } from '../../src/daemon/daemon.ts';
import { DaemonLockError } from '../../src/store/daemon-lock.ts';
import { httpTarget, type Target } from '../probe/loopback.ts';
import { openDatabase, tempDbFile } from './support.ts';

// The daemon as `veille start` runs it, probing a loopback target every second.

const running: RunningDaemon[] = [];
const targets: Target[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.stop();
  while (targets.length) await targets.pop()!.close();
});

function config(url: string) {
  return parseConfig(`
environments:
  - id: local-prod
    name: Local
    type: production
    public: true
    checks:
      - { id: local-web, url: "${url}/health", every: 1s, timeout: 500ms }
`);
}

describe('the daemon with probing on', () => {
  it('probes on schedule, reports it on /healthz and /api/v1/status, and writes what it queued when stopped', async () => {
    const target = await httpTarget((_req, res) => res.end('ok'));
    targets.push(target);
    const dbFile = tempDbFile();
    const daemon = await startDaemon({ config: config(target.url), dbFile, port: 0, host: '127.0.0.1', probe: true });
    running.push(daemon);
    const count = () => (daemon.database!.sqlite.prepare('SELECT coalesce(sum(count), 0) AS n FROM probe_runs').get() as { n: number }).n;
    await vi.waitFor(() => expect(count()).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 100 });

    const health = await (await fetch(`http://127.0.0.1:${daemon.port}/healthz`)).json();
    expect(health).toMatchObject({ ok: true, probing: true, checks: 1, writeError: null });
    expect(health.probesInWindow).toBeGreaterThanOrEqual(2);
    const status = await (await fetch(`http://127.0.0.1:${daemon.port}/api/v1/status`)).json();
    expect(status.environments[0]).toMatchObject({ id: 'local-prod', state: 'operational' });

    const beforeStop = count();
    await daemon.stop();
    running.pop();
    const reopened = openDatabase(dbFile);
    try {
      const { n } = reopened.sqlite.prepare('SELECT coalesce(sum(count), 0) AS n FROM probe_runs').get() as { n: number };
      expect(n).toBeGreaterThanOrEqual(beforeStop);
      expect(reopened.sqlite.prepare('SELECT count(*) AS n FROM daemon_lock').get()).toEqual({ n: 0 });
    } finally {
      reopened.close();
    }
  });

  it('refuses a second daemon on the same database while the first is probing', async () => {
    const target = await httpTarget((_req, res) => res.end('ok'));
    targets.push(target);
    const dbFile = tempDbFile();
    running.push(await startDaemon({ config: config(target.url), dbFile, port: 0, host: '127.0.0.1', probe: true }));
    await expect(startDaemon({ config: config(target.url), dbFile, port: 0, host: '127.0.0.1', probe: true })).rejects.toThrow(DaemonLockError);
  });
});
