import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectOneLineError, veille } from '../support/run-veille.ts';
import { countingTarget, expectEachTurnProbedOnce, killAll, sharedChecksConfig, spawnVeille, terminate } from './support.ts';

// On a SQLite file a location has one prober: either the file's veille start probing every
// check, or veille probe processes sharing them (beside veille start --no-probe). Real
// processes on one file, counted at a loopback target: the one starting second refuses in one
// line saying why, whichever it is, and a veille start killed with kill -9 blocks nothing.

const EVERY_MS = 2_000;
const checkIds = ['a', 'b', 'c', 'd'];

describe('one prober per location on a SQLite file', () => {
  const children: ChildProcess[] = [];
  afterEach(() => killAll(children));

  const setUp = async () => {
    const target = await countingTarget(checkIds);
    const dir = mkdtempSync(join(tmpdir(), 'veille-file-prober-'));
    const configFile = join(dir, 'monitor.config.yaml');
    writeFileSync(configFile, sharedChecksConfig(target.port, checkIds, '2s'));
    const db = join(dir, 'veille.db');
    const files = ['--config', configFile, '--db', db];
    return {
      target,
      dir,
      start: (...more: string[]) => spawnVeille(['start', ...files, '--port', '0', ...more], dir, 'veille listening on', children),
      probe: () => spawnVeille(['probe', ...files], dir, 'veille probing as location default', children),
      refused: (command: 'start' | 'probe') => veille([command, ...files, ...(command === 'start' ? ['--port', '0'] : [])], { cwd: dir }),
    };
  };

  it('veille probe refuses while a probing veille start holds the file, and runs once it was killed', { timeout: 180_000 }, async () => {
    const { target, start, probe, refused } = await setUp();
    try {
      const daemon = await start();
      expectOneLineError(await refused('probe'), 'veille probe: --db: veille start (pid ');
      expect((await refused('probe')).stderr).toContain(`probes location default on this database, and two probers of one location on one SQLite file would probe each of its checks twice`);
      await new Promise((r) => setTimeout(r, 2 * EVERY_MS));
      daemon.kill('SIGKILL');
      await new Promise((done) => daemon.once('exit', done));
      const prober = await probe();
      await new Promise((r) => setTimeout(r, 2 * EVERY_MS));
      await terminate(prober);
      expectEachTurnProbedOnce(target.hits, EVERY_MS, 2);
    } finally {
      await target.close();
    }
  });

  it('veille start refuses to probe while veille probe runs on the file, and runs beside it with --no-probe', { timeout: 180_000 }, async () => {
    const { target, start, probe, refused } = await setUp();
    try {
      const prober = await probe();
      const refusal = await refused('start');
      expectOneLineError(refusal, 'veille start: --db: veille probe (pid ');
      expect(refusal.stderr).toContain(`${prober.pid!} on `);
      expect(refusal.stderr).toContain('stop it, or start with --no-probe beside it');
      const daemon = await start('--no-probe');
      await new Promise((r) => setTimeout(r, 3 * EVERY_MS));
      await terminate(daemon);
      await terminate(prober);
      expectEachTurnProbedOnce(target.hits, EVERY_MS, 2);
    } finally {
      await target.close();
    }
  });
});
