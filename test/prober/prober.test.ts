import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../src/store/database.ts';
import { closeOutagesOfRemovedChecks } from '../../src/prober/close-removed-checks.ts';
import { openProber, type Prober } from '../../src/prober/prober.ts';
import { instant } from '../../src/time/iso.ts';
import { httpTarget, type Target } from '../probe/loopback.ts';
import { manualClock, openDatabase, proberConfig, rows, storedResults, tempDbFile } from './support.ts';

// The prober driven by hand (no timers): each `probe` runs every named check once against a
// loopback target whose answers the test scripts, with the injected clock 30 s further on.

let target: Target;
/** What each path answers next: a status, or a delay before 200. */
const script = new Map<string, number[]>();
const fallback = new Map<string, number>();
const open: Array<{ prober: Prober; database: OpenDatabase }> = [];

beforeEach(async () => {
  script.clear();
  fallback.clear();
  target = await httpTarget((req, res) => {
    const path = req.url!;
    const next = script.get(path)?.shift() ?? fallback.get(path) ?? 200;
    if (next >= 1000) return void setTimeout(() => res.end('ok'), next - 1000);
    res.statusCode = next;
    res.end(next === 200 ? 'ok' : 'unavailable');
  });
});
afterEach(async () => {
  while (open.length) {
    const { prober, database } = open.pop()!;
    await prober.stop();
    database.close();
  }
  await target.close();
});

async function start(dbFile: string, clock: { now: () => number }, extra = '') {
  const database = openDatabase(dbFile);
  const config = proberConfig(target.url, extra);
  const prober = await openProber({ store: database.store, config, clock: clock.now, schedule: false });
  open.push({ prober, database });
  return { prober, database, config };
}

type OutageRow = { id: number; checkId: string; start: number; end: number | null; lastDownAt: number | null; closedReason: string | null };
const outagesOf = (database: OpenDatabase, checkId = 'web') =>
  rows<OutageRow>(database, 'SELECT id, check_id AS checkId, start, "end", last_down_at AS lastDownAt, closed_reason AS closedReason FROM outages WHERE check_id = ? ORDER BY id', checkId);

describe('the prober against a flapping target', () => {
  it('records every result, opens an outage only after 2 downs in a row, and closes it at the first answer', async () => {
    const clock = manualClock('2026-11-16T10:00:00-05:00');
    const { prober, database } = await start(tempDbFile(), clock);
    // 503 / 200 alternating (blips), then 503 ×3 (an outage), then 200.
    script.set('/web', [503, 200, 503, 200, 503, 503, 503, 200]);
    const times: number[] = [];
    for (let i = 0; i < 8; i++) {
      times.push(clock.now());
      await prober.runCheck('web');
      clock.advance(30_000);
    }
    await prober.flush();

    const results = storedResults(database, 'web');
    expect(results.map((r) => r.status)).toEqual(['down', 'up', 'down', 'up', 'down', 'down', 'down', 'up']);
    expect(results[0]!.reason).toBe('status 503');
    expect(outagesOf(database)).toEqual([
      { id: expect.any(Number), checkId: 'web', start: times[4], end: times[7], lastDownAt: times[6], closedReason: 'recovered' },
    ]);
  });

  it('counts a slow target as degraded: available, never an outage', async () => {
    const clock = manualClock('2026-11-16T10:00:00-05:00');
    const { prober, database } = await start(tempDbFile(), clock, `
  - id: slow-prod
    name: Slow
    type: production
    checks:
      - { id: slow, url: "${target.url}/slow", every: 30s, timeout: 5s, slowAfter: 50ms, confirmAfter: 1 }
`);
    fallback.set('/slow', 1000 + 300);
    for (let i = 0; i < 3; i++) {
      await prober.runCheck('slow');
      clock.advance(30_000);
    }
    await prober.flush();
    expect(storedResults(database, 'slow').map((r) => r.status)).toEqual(['degraded', 'degraded', 'degraded']);
    expect(outagesOf(database, 'slow')).toEqual([]);
  });

  it('opens a priority I incident from a production outage and notes on it when the outage ends', async () => {
    const clock = manualClock('2026-11-16T10:00:00-05:00');
    const { prober, database } = await start(tempDbFile(), clock);
    script.set('/web', [503, 503, 200]);
    for (let i = 0; i < 3; i++) {
      await prober.runCheck('web');
      clock.advance(30_000);
    }
    await prober.flush();
    const [outage] = outagesOf(database);
    const incidents = rows<{ id: number; priority: string; channel: string; outageId: number; public: number; title: string }>(
      database,
      'SELECT id, priority, channel, outage_id AS outageId, public, title FROM incidents',
    );
    expect(incidents).toEqual([{ id: expect.any(Number), priority: 'I', channel: 'monitor', outageId: outage!.id, public: 1, title: 'Acme Construction unavailable (web: status 503)' }]);
    const events = rows<{ type: string; at: number }>(database, 'SELECT type, at FROM incident_events WHERE incident_id = ? ORDER BY id', incidents[0]!.id);
    expect(events.map((e) => e.type)).toEqual(['opened', 'monitoring']);
    expect(events[1]!.at).toBe(outage!.end);
  });

  it('opens incidents for feature checks by the table, and none outside production', async () => {
    const clock = manualClock('2026-11-16T10:00:00-05:00');
    const { prober, database } = await start(tempDbFile(), clock);
    for (const path of ['/login', '/reports', '/staging']) fallback.set(path, 500);
    for (let i = 0; i < 2; i++) {
      for (const id of ['login', 'reports', 'staging-web']) await prober.runCheck(id);
      clock.advance(30_000);
    }
    await prober.flush();
    expect(rows(database, 'SELECT check_id AS checkId, priority, feature FROM incidents ORDER BY id')).toEqual([
      { checkId: 'login', priority: 'II', feature: 'login' },
      { checkId: 'reports', priority: 'IV', feature: 'reports' },
    ]);
    expect(outagesOf(database, 'staging-web')).toHaveLength(1);
  });
});

describe('the first probe of an environment', () => {
  it('marks the time since its SLA start as unmonitored, never as up or down', async () => {
    const clock = manualClock('2026-11-16T10:00:00-05:00');
    const { prober, database } = await start(tempDbFile(), clock);
    await prober.runCheck('web');
    await prober.runCheck('login');
    await prober.flush();
    // acme-prod's SLA started on 2026-01-01 and nothing watched it until now.
    expect(rows(database, 'SELECT check_id AS checkId, start, "end" FROM unmonitored_spans ORDER BY check_id')).toEqual([
      { checkId: 'login', start: instant('2026-01-01T00:00:00-05:00'), end: clock.now() },
      { checkId: 'web', start: instant('2026-01-01T00:00:00-05:00'), end: clock.now() },
    ]);
  });
});

describe('restart safety', () => {
  it('ends, at its last down, an open outage of a check the configuration no longer has', async () => {
    const dbFile = tempDbFile();
    const seed = openDatabase(dbFile);
    seed.sqlite
      .prepare("INSERT INTO outages (check_id, env_id, start, last_down_at, source, created_at) VALUES ('gone', 'acme-prod', ?, ?, 'probe', 0)")
      .run(instant('2026-11-16T09:00:00-05:00'), instant('2026-11-16T09:05:00-05:00'));
    seed.close();
    const database = openDatabase(dbFile);
    try {
      // What the holder of its lease runs at start and after each reload (src/daemon/once-only-work.ts).
      expect(await closeOutagesOfRemovedChecks(database.store, proberConfig(target.url), instant('2026-11-16T10:00:00-05:00'))).toBe(1);
      expect(outagesOf(database, 'gone')).toEqual([
        expect.objectContaining({ end: instant('2026-11-16T09:05:00-05:00'), closedReason: 'check_removed' }),
      ]);
    } finally {
      database.close();
    }
  });

  it('keeps an open outage across a restart; the first answer after it closes the outage at that probe', async () => {
    const dbFile = tempDbFile();
    const clock = manualClock('2026-11-16T10:00:00-05:00');
    const first = await start(dbFile, clock);
    fallback.set('/web', 503);
    const start0 = clock.now();
    for (let i = 0; i < 3; i++) {
      await first.prober.runCheck('web');
      clock.advance(30_000);
    }
    await first.prober.stop();
    first.database.close();
    open.length = 0;

    // Back within 3 intervals: still down twice, then up.
    const second = await start(dbFile, clock);
    await second.prober.runCheck('web');
    clock.advance(30_000);
    fallback.set('/web', 200);
    const upAt = clock.now();
    await second.prober.runCheck('web');
    await second.prober.flush();

    const outages = outagesOf(second.database);
    expect(outages).toHaveLength(1);
    expect(outages[0]).toMatchObject({ start: start0, end: upAt, lastDownAt: upAt - 30_000, closedReason: 'recovered' });
    expect(rows(second.database, 'SELECT start, "end" FROM unmonitored_spans WHERE start >= ?', start0)).toEqual([]);
    expect(rows(second.database, 'SELECT count(*) AS n FROM incidents')).toEqual([{ n: 1 }]);
  });

  it('after a stop longer than 3 intervals, ends the outage at its last down, records the gap, and opens a new outage if still down', async () => {
    const dbFile = tempDbFile();
    const clock = manualClock('2026-11-16T10:00:00-05:00');
    const first = await start(dbFile, clock);
    fallback.set('/web', 503);
    for (let i = 0; i < 3; i++) {
      await first.prober.runCheck('web');
      clock.advance(30_000);
    }
    const lastDown = clock.now() - 30_000;
    await first.prober.stop();
    first.database.close();
    open.length = 0;

    clock.set('2026-11-16T10:30:00-05:00');
    const second = await start(dbFile, clock);
    const backAt = clock.now();
    for (let i = 0; i < 2; i++) {
      await second.prober.runCheck('web');
      clock.advance(30_000);
    }
    await second.prober.flush();

    const outages = outagesOf(second.database);
    expect(outages).toEqual([
      expect.objectContaining({ start: instant('2026-11-16T10:00:00-05:00'), end: lastDown, closedReason: 'gap' }),
      expect.objectContaining({ start: backAt, end: null, lastDownAt: backAt + 30_000 }),
    ]);
    expect(rows(second.database, "SELECT start, \"end\" FROM unmonitored_spans WHERE check_id = 'web' AND start >= ?", instant('2026-11-16T10:00:00-05:00'))).toEqual([
      { start: lastDown, end: backAt },
    ]);
  });

  it('after a crash, loses only the results not yet written and never duplicates the outage', async () => {
    const dbFile = tempDbFile();
    const clock = manualClock('2026-11-16T10:00:00-05:00');
    const crashed = await start(dbFile, clock);
    fallback.set('/web', 503);
    for (let i = 0; i < 2; i++) {
      await crashed.prober.runCheck('web');
      clock.advance(30_000);
    }
    await crashed.prober.flush(); // the outage is written
    await crashed.prober.runCheck('web'); // queued, never written: the process dies here
    clock.advance(30_000);
    crashed.database.close(); // no stop(), no flush: what `kill -9` leaves
    open.length = 0;

    const restarted = await start(dbFile, clock);
    await restarted.prober.runCheck('web');
    clock.advance(30_000);
    fallback.set('/web', 200);
    await restarted.prober.runCheck('web');
    await restarted.prober.flush();

    expect(storedResults(restarted.database, 'web').map((r) => r.status)).toEqual([
      'down',
      'down',
      'down',
      'up',
    ]);
    const outages = outagesOf(restarted.database);
    expect(outages).toHaveLength(1);
    expect(outages[0]).toMatchObject({ start: instant('2026-11-16T10:00:00-05:00'), end: clock.now(), closedReason: 'recovered' });
  });
});
