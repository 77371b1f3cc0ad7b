import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { startDaemon, type RunningDaemon } from '../../src/daemon/daemon.ts';
import { DaemonLockError, acquireDaemonLock } from '../../src/store/daemon-lock.ts';
import { openDatabase } from '../../src/store/database.ts';
import { instant } from '../../src/time/iso.ts';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';

const config = parseConfig(TEST_CONFIG_YAML);
const running: RunningDaemon[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.stop();
});

describe('the daemon', () => {
  it('serves the monthly report over HTTP on 127.0.0.1 without probing', async () => {
    const dbFile = join(mkdtempSync(join(tmpdir(), 'veille-daemon-')), 'veille.db');
    const daemon = await startDaemon({ config, dbFile, port: 0, host: '127.0.0.1', probe: false, clock: () => instant('2026-11-16T12:00:00-05:00') });
    running.push(daemon);
    const response = await fetch(`http://127.0.0.1:${daemon.port}/api/v1/reports/monthly?month=2026-11`);
    expect(response.status).toBe(200);
    const report = await response.json();
    // Anonymous readers see public production environments only.
    expect(report.environments.map((e: { id: string }) => e.id)).toEqual(['acme-prod']);
    expect(report.environments[0].businessMs).toBe(10_080 * 60_000);
    expect(report.complete).toBe(false);

    const bad = await fetch(`http://127.0.0.1:${daemon.port}/api/v1/reports/monthly?month=November`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/month/);
  });

  it('refuses a second daemon on the same database file, with a clear message', async () => {
    const dbFile = join(mkdtempSync(join(tmpdir(), 'veille-daemon-')), 'veille.db');
    running.push(await startDaemon({ config, dbFile, port: 0, host: '127.0.0.1', probe: false }));
    await expect(startDaemon({ config, dbFile, port: 0, host: '127.0.0.1', probe: false })).rejects.toThrow(/another veille daemon .* is using this database/);
  });

  it('takes over the lock of a daemon that was killed', () => {
    const dbFile = join(mkdtempSync(join(tmpdir(), 'veille-lock-')), 'veille.db');
    const database = openDatabase(dbFile);
    try {
      database.sqlite.prepare("INSERT INTO daemon_lock (id, pid, host, started_at, heartbeat_at) VALUES (1, 999999, ?, 0, 0)").run(hostname());
      const lock = acquireDaemonLock(database.sqlite, 1000, (pid) => pid !== 999999);
      expect(lock.replaced).toEqual({ host: hostname(), pid: 999999 });
      lock.release();
      expect(acquireDaemonLock(database.sqlite, 1000).replaced).toBeNull();
      database.sqlite.prepare('DELETE FROM daemon_lock').run();
      database.sqlite.prepare("INSERT INTO daemon_lock (id, pid, host, started_at, heartbeat_at) VALUES (1, 4242, ?, 0, 0)").run(hostname());
      expect(() => acquireDaemonLock(database.sqlite, 1000, () => true)).toThrow(DaemonLockError);
    } finally {
      database.close();
    }
  });
});
