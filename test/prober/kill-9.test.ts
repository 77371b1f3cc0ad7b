import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { startDaemon, type RunningDaemon } from '../../src/daemon/daemon.ts';
import { httpTarget, type Target } from '../probe/loopback.ts';
import { openDatabase, rows, tempDbFile } from './support.ts';

// `veille start` in a child process, killed with SIGKILL during an outage; then a daemon
// started again on the same file finds the outage, keeps its start, and closes it once.

const root = resolve(import.meta.dirname, '..', '..');
let target: Target | null = null;
let daemon: RunningDaemon | null = null;
afterEach(async () => {
  await daemon?.stop();
  await target?.close();
});

describe('kill -9 during an outage', () => {
  it('loses no outage and duplicates none', async () => {
    let answer = 503;
    target = await httpTarget((_req, res) => {
      res.statusCode = answer;
      res.end();
    });
    const yaml = `
environments:
  - id: local-prod
    name: Local
    type: production
    checks:
      - { id: local-web, url: "${target.url}/health", every: 2s, timeout: 1s, confirmAfter: 2 }
`;
    const dbFile = tempDbFile();
    const configFile = join(dirname(dbFile), 'monitor.config.yaml');
    writeFileSync(configFile, yaml);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start', '--config', configFile, '--db', dbFile, '--port', '0'], {
      cwd: root,
      stdio: 'ignore',
    });
    const exited = new Promise((done) => child.once('exit', done));
    try {
      const watcher = openDatabase(dbFile);
      try {
        await vi.waitFor(() => expect(rows(watcher, 'SELECT id FROM outages WHERE "end" IS NULL')).toHaveLength(1), { timeout: 30_000, interval: 200 });
      } finally {
        watcher.close();
      }
    } finally {
      child.kill('SIGKILL');
      await exited;
    }

    const before = openDatabase(dbFile);
    const [outage] = rows<{ id: number; start: number }>(before, 'SELECT id, start FROM outages');
    before.close();

    answer = 200;
    daemon = await startDaemon({ config: parseConfig(yaml), dbFile, port: 0, host: '127.0.0.1', probe: true });
    const db = daemon.database!;
    await vi.waitFor(() => expect(rows(db, 'SELECT id FROM outages WHERE "end" IS NOT NULL')).toHaveLength(1), { timeout: 30_000, interval: 200 });

    const outages = rows<{ id: number; start: number; end: number; lastDownAt: number; closedReason: string }>(
      db,
      'SELECT id, start, "end", last_down_at AS lastDownAt, closed_reason AS closedReason FROM outages',
    );
    expect(outages).toHaveLength(1);
    expect(outages[0]).toMatchObject({ id: outage!.id, start: outage!.start });
    expect(rows(db, 'SELECT count(*) AS n FROM incidents')).toEqual([{ n: 1 }]);
    // Back within 3 intervals: closed by the first answer; otherwise at its last down, the gap unmonitored.
    if (outages[0]!.closedReason === 'gap') {
      expect(outages[0]!.end).toBe(outages[0]!.lastDownAt);
      expect(rows(db, 'SELECT start FROM unmonitored_spans')).toEqual([{ start: outages[0]!.lastDownAt }]);
    } else {
      expect(outages[0]!.closedReason).toBe('recovered');
      const firstUp = rows<{ at: number }>(db, "SELECT min(first_at) AS at FROM probe_runs WHERE status = 'up'")[0]!.at;
      expect(outages[0]!.end).toBe(firstUp);
    }
  }, 90_000);
});
