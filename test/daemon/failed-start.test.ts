import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { startDaemon } from '../../src/daemon/daemon.ts';
import { openDatabase } from '../../src/store/database.ts';
import { instant } from '../../src/time/iso.ts';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';

const config = parseConfig(TEST_CONFIG_YAML);

describe('a daemon that cannot listen', () => {
  it('writes nothing: no environment is marked seen, so the default slaStart is the first real start', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', () => resolve()));
    const port = (busy.address() as { port: number }).port;
    const dbFile = join(mkdtempSync(join(tmpdir(), 'veille-failed-start-')), 'veille.db');
    try {
      await expect(
        startDaemon({ config, dbFile, port, host: '127.0.0.1', probe: true, clock: () => instant('2026-11-16T12:00:00-05:00') }),
      ).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
    const database = openDatabase(dbFile);
    try {
      const count = (table: string) => (database.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
      expect(count('environments_seen')).toBe(0);
      expect(count('probe_runs')).toBe(0);
      expect(count('probe_failures')).toBe(0);
      expect(count('unmonitored_spans')).toBe(0);
      expect(count('daemon_lock')).toBe(0);
    } finally {
      database.close();
    }
  });
});
