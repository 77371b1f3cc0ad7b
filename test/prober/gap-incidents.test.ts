import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../src/store/database.ts';
import { openProber, type Prober } from '../../src/prober/prober.ts';
import { httpTarget, type Target } from '../probe/loopback.ts';
import { manualClock, openDatabase, proberConfig, rows, tempDbFile } from './support.ts';

// The daemon stopped longer than 3 intervals during an outage (kill -9, host down): rule 4 ends
// the outage at its last failure and starts a new one if the check is still down. It is the same
// failure for support: its incident carries on with the new outage instead of a second priority I
// incident being opened, and nothing claims the check answered in between.

let target: Target;
let status = 200;
const open: Array<{ prober: Prober; database: OpenDatabase }> = [];

beforeEach(async () => {
  status = 200;
  target = await httpTarget((_req, res) => {
    res.statusCode = status;
    res.end(status === 200 ? 'ok' : 'unavailable');
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

async function start(dbFile: string, clock: { now: () => number }) {
  const database = openDatabase(dbFile);
  const prober = await openProber({ store: database.store, config: proberConfig(target.url), clock: clock.now, schedule: false });
  open.push({ prober, database });
  return { prober, database };
}

type IncidentRow = { id: number; outageId: number | null; resolvedAt: number | null };
const incidentsOf = (database: OpenDatabase) =>
  rows<IncidentRow>(database, "SELECT id, outage_id AS outageId, resolved_at AS resolvedAt FROM incidents WHERE check_id = 'web' ORDER BY id");
const stepsOf = (database: OpenDatabase, incidentId: number) =>
  rows<{ type: string }>(database, 'SELECT type FROM incident_events WHERE incident_id = ? ORDER BY id', incidentId).map((row) => row.type);
const outageIds = (database: OpenDatabase) => rows<{ id: number; closedReason: string | null }>(database, "SELECT id, closed_reason AS closedReason FROM outages WHERE check_id = 'web' ORDER BY id");

describe('an outage split by a gap in monitoring', () => {
  it('keeps one incident, which follows the new outage, with no "monitoring" step for the gap', async () => {
    const dbFile = tempDbFile();
    const clock = manualClock('2026-11-16T10:00:00-05:00');
    const first = await start(dbFile, clock);
    status = 503;
    for (let i = 0; i < 3; i++) {
      await first.prober.runCheck('web');
      clock.advance(30_000);
    }
    await first.prober.flush();
    first.database.close(); // what kill -9 leaves
    open.length = 0;

    clock.set('2026-11-16T10:30:00-05:00');
    const second = await start(dbFile, clock);
    for (let i = 0; i < 2; i++) {
      await second.prober.runCheck('web');
      clock.advance(30_000);
    }
    await second.prober.flush();

    const [gapped, current] = outageIds(second.database);
    expect(gapped).toMatchObject({ closedReason: 'gap' });
    expect(current).toMatchObject({ closedReason: null });
    const incidents = incidentsOf(second.database);
    expect(incidents).toEqual([{ id: expect.any(Number), outageId: current!.id, resolvedAt: null }]);
    expect(stepsOf(second.database, incidents[0]!.id)).toEqual(['opened']);

    // The check answers again: now the incident is noted as monitoring.
    status = 200;
    await second.prober.runCheck('web');
    await second.prober.flush();
    expect(stepsOf(second.database, incidents[0]!.id)).toEqual(['opened', 'monitoring']);
    expect(incidentsOf(second.database)).toHaveLength(1);
  });

  it('opens a new incident for a new failure once the earlier incident was resolved', async () => {
    const dbFile = tempDbFile();
    const clock = manualClock('2026-11-16T10:00:00-05:00');
    const first = await start(dbFile, clock);
    status = 503;
    for (let i = 0; i < 3; i++) {
      await first.prober.runCheck('web');
      clock.advance(30_000);
    }
    await first.prober.flush();
    first.database.sqlite.prepare('UPDATE incidents SET resolved_at = ?, responded_at = ?').run(clock.now(), clock.now());
    first.database.close();
    open.length = 0;

    clock.set('2026-11-16T10:30:00-05:00');
    const second = await start(dbFile, clock);
    for (let i = 0; i < 2; i++) {
      await second.prober.runCheck('web');
      clock.advance(30_000);
    }
    await second.prober.flush();
    expect(incidentsOf(second.database)).toHaveLength(2);
  });
});
