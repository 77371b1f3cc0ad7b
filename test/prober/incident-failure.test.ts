import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { openProber, type Prober } from '../../src/prober/prober.ts';
import type { OpenDatabase } from '../../src/store/database.ts';
import { httpTarget, type Target } from '../probe/loopback.ts';
import { manualClock, openDatabase, rows, tempDbFile } from './support.ts';

// Opening the incident of an outage (rule 8) can fail: here a calendar open one minute a week
// cannot reach a resolution deadline of 366 business days. The results and the outage must be
// written anyway: one failing incident must not stop the prober from recording anything.

let target: Target;
const open: Array<{ prober: Prober; database: OpenDatabase }> = [];

beforeEach(async () => {
  target = await httpTarget((_req, res) => {
    res.statusCode = 503;
    res.end('unavailable');
  });
});
afterEach(async () => {
  while (open.length) {
    const { prober, database } = open.pop()!;
    await prober.stop();
    database.close();
  }
  await target.close();
  vi.restoreAllMocks();
});

describe('an incident that cannot be opened', () => {
  it('leaves the results and the outage written, and says why in the log', async () => {
    const config = parseConfig(`
calendar:
  hours: { mon: closed, tue: closed, wed: closed, thu: closed, fri: closed, sun: 10:00-10:01 }
  businessDay: 24h
incidents:
  clocks:
    I: { response: 30m, resolution: 366 business days }
environments:
  - id: acme-prod
    name: Acme
    type: production
    checks:
      - { id: web, url: "${target.url}/web", every: 30s, timeout: 2s }
`);
    const logged: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.join(' ')));
    const database = openDatabase(tempDbFile());
    const clock = manualClock('2026-11-16T10:00:00-05:00');
    const prober = await openProber({ store: database.store, config, clock: clock.now, schedule: false });
    open.push({ prober, database });
    for (let i = 0; i < 3; i++) {
      await prober.runCheck('web');
      clock.advance(30_000);
    }
    await prober.flush();
    expect(rows(database, 'SELECT coalesce(sum(count), 0) AS n FROM probe_runs')).toEqual([{ n: 3 }]);
    expect(rows(database, 'SELECT count(*) AS n FROM outages WHERE "end" IS NULL')).toEqual([{ n: 1 }]);
    expect(rows(database, 'SELECT count(*) AS n FROM incidents')).toEqual([{ n: 0 }]);
    expect(logged.join('\n')).toMatch(/incident .*not opened/);
  });
});
