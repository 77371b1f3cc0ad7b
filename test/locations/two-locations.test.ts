import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCalendars } from '../../src/config/calendars.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import type { Config } from '../../src/config/types.ts';
import { runQuorumRound } from '../../src/locations/quorum-job.ts';
import { quorumOutageRecorder } from '../../src/locations/quorum-work.ts';
import { createNotificationEvents } from '../../src/notify/events.ts';
import { openProber, type Prober } from '../../src/prober/prober.ts';
import { openDatabase, type OpenDatabase } from '../../src/store/database.ts';
import { instant } from '../../src/time/iso.ts';
import { httpTarget, type Target } from '../probe/loopback.ts';

// Two locations probing one target over loopback, each from its own local address (mtl from
// 127.0.0.2, tor from 127.0.0.3), with a quorum of both: the target refusing one location is
// that location's problem, refusing both is an outage of the check, with its incident and alert.

const ADDRESSES = { mtl: '127.0.0.2', tor: '127.0.0.3' } as const;
const T = instant('2026-11-16T10:00:00-05:00');
const SLA_START = instant('2026-11-16T09:59:00-05:00');

const configFor = (url: string): Config =>
  parseConfig(`
locations: [mtl, tor]
notifications:
  channels:
    ops-hook: { type: webhook, url: "http://127.0.0.1:9/hook", secret: "test-secret-0123456789abcdef" }
  routing:
    default: [ops-hook]
environments:
  - id: acme-prod
    name: Acme Construction
    type: production
    public: true
    slaStart: "2026-11-16T09:59:00-05:00"
    quorum: 2
    checks:
      - { id: web, url: "${url}/health", every: 10s, timeout: 2s, confirmAfter: 2 }
`);

let target: Target;
let database: OpenDatabase;
const refused = new Set<string>();

beforeEach(async () => {
  refused.clear();
  target = await httpTarget((req, res) => {
    // The path from a refused location is cut: the connection is dropped before any answer.
    if (refused.has((req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''))) req.socket.destroy();
    else res.end('ok');
  });
  database = openDatabase(':memory:');
});
afterEach(async () => {
  database.close();
  await target.close();
});

describe('two locations, one target, a quorum of both', () => {
  it('one location cut: no outage, no incident, no alert, the check observed; both cut: one outage from when both saw it down, one incident, one alert', async () => {
    const config = configFor(target.url);
    const store = database.store;
    const clock = { at: T };
    const notices = createNotificationEvents({ config, calendars: buildCalendars(config), log: () => undefined });
    const probers: Prober[] = [];
    for (const location of ['mtl', 'tor'] as const) {
      probers.push(await openProber({ store, config, location, localAddress: ADDRESSES[location], clock: () => clock.at, schedule: false }));
    }
    const writeOutageEvents = quorumOutageRecorder(() => ({ config, notices }));
    const rows = (sql: string) => database.sqlite.prepare(sql).all();
    /** Both locations probe, then the quorum decides, every 10 s from `from` to before `to`. */
    const probeBetween = async (from: number, to: number) => {
      for (let s = from; s < to; s += 10) {
        clock.at = T + s * 1000;
        for (const prober of probers) {
          await prober.runCheck('web');
          await prober.flush();
        }
        await runQuorumRound({ store, config, writeOutageEvents }, clock.at);
      }
    };

    refused.add(ADDRESSES.tor);
    await probeBetween(0, 60);
    // tor saw its own outage; the check has none, and both observed it all along.
    expect(rows("SELECT location, start FROM location_outages WHERE \"end\" IS NULL")).toEqual([{ location: 'tor', start: T }]);
    expect(rows('SELECT * FROM outages')).toEqual([]);
    expect(rows('SELECT * FROM incidents')).toEqual([]);
    expect(rows('SELECT kind FROM notification_events')).toEqual([]);
    expect(rows('SELECT start, "end" FROM unmonitored_spans')).toEqual([{ start: SLA_START, end: T }]);
    expect(rows("SELECT decided_until AS until FROM quorum_progress WHERE check_id = 'web'")).toEqual([{ until: T + 50_000 }]);

    refused.add(ADDRESSES.mtl);
    await probeBetween(60, 120);
    refused.clear();
    await probeBetween(120, 150);
    for (const prober of probers) await prober.stop();

    // The quorum was reached at mtl's first failure (tor had been down since T): the outage starts there.
    expect(rows('SELECT check_id AS checkId, start, "end", source FROM outages')).toEqual([{ checkId: 'web', start: T + 60_000, end: T + 120_000, source: 'probe' }]);
    expect(rows('SELECT count(*) AS n FROM incidents')).toEqual([{ n: 1 }]);
    expect(rows("SELECT kind FROM notification_events WHERE kind = 'outage_opened'")).toEqual([{ kind: 'outage_opened' }]);
    expect(rows('SELECT start, "end" FROM unmonitored_spans')).toEqual([{ start: SLA_START, end: T }]);
  });
});
