import { afterEach, describe, expect, it, vi } from 'vitest';
import { storeResults } from '../../src/history/result-history.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import { startDaemon, type RunningDaemon } from '../../src/daemon/daemon.ts';
import { instant } from '../../src/time/iso.ts';
import { openDatabase, rows, tempDbFile } from '../prober/support.ts';

// `veille start --no-probe`: nothing probes, yet the database is still kept small.

let daemon: RunningDaemon | null = null;
afterEach(async () => {
  await daemon?.stop();
  daemon = null;
  vi.useRealTimers();
});

const config = parseConfig(`
environments:
  - id: local-prod
    name: Local
    type: production
    checks:
      - { id: local-web, url: "http://127.0.0.1:9/health", every: 30s }
`);

describe('retention in a daemon that does not probe', () => {
  it('rolls up, deletes old raw results, settled deliveries and expired sessions a minute after start', async () => {
    const now = instant('2026-11-09T18:00:00-05:00');
    const old = instant('2026-09-01T12:00:00-04:00');
    const dbFile = tempDbFile();
    const seed = openDatabase(dbFile);
    storeResults(seed.sqlite, [{ checkId: 'local-web', envId: 'local-prod', at: old, status: 'up', latencyMs: 40 }]);
    const eventId = seed.sqlite
      .prepare("INSERT INTO notification_events (key, kind, subject, occurred_at, created_at) VALUES ('budget:local-prod:2026-09:50', 'budget_threshold', 'environment:local-prod', ?, ?)")
      .run(old, old).lastInsertRowid;
    const delivery = seed.sqlite.prepare(
      `INSERT INTO notification_outbox (event_id, channel, channel_type, recipient, language, subject, body, status, attempts, next_attempt_at, sent_at, created_at)
       VALUES (?, 'ops', 'email', ?, 'en', 's', 'b', ?, 1, ?, ?, ?)`,
    );
    delivery.run(eventId, 'sent-long-ago', 'sent', old, old, old);
    delivery.run(eventId, 'still-pending', 'pending', old, null, old);
    const tokenId = seed.sqlite.prepare("INSERT INTO tokens (name, role, hash, created_at) VALUES ('alice', 'sre', 'h', 0)").run().lastInsertRowid;
    seed.sqlite.prepare("INSERT INTO sessions (hash, token_id, csrf, created_at, expires_at) VALUES ('expired', ?, 'c', 0, ?)").run(tokenId, old);
    seed.close();

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    daemon = await startDaemon({ config, dbFile, port: 0, host: '127.0.0.1', probe: false, clock: () => now });
    const database = daemon.database!;
    expect(rows(database, 'SELECT count(*) AS n FROM probe_runs')).toEqual([{ n: 1 }]);

    await vi.advanceTimersByTimeAsync(60_000);
    await vi.waitFor(() => expect(rows(database, 'SELECT count(*) AS n FROM sessions')).toEqual([{ n: 0 }]), { timeout: 5_000, interval: 20 });

    expect(rows(database, "SELECT day, up_count AS up FROM daily_rollups WHERE check_id = 'local-web' ORDER BY day LIMIT 1")).toEqual([{ day: '2026-09-01', up: 1 }]);
    expect(rows(database, 'SELECT (SELECT count(*) FROM probe_runs) + (SELECT count(*) FROM probe_latency_minutes) AS n')).toEqual([{ n: 0 }]);
    expect(rows(database, 'SELECT recipient FROM notification_outbox')).toEqual([{ recipient: 'still-pending' }]);
  });
});
