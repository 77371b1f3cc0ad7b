import { asc, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildCalendars } from '../../src/config/calendars.ts';
import type { CheckConfig } from '../../src/config/types.ts';
import { createNotificationEvents } from '../../src/notify/events.ts';
import type { DetectorEvent } from '../../src/outages/detector.ts';
import { indexChecks, outageRecorder, type OutageRecorderDeps } from '../../src/outages/outage-recorder.ts';
import type { ProbeResult } from '../../src/probe/types.ts';
import { openResultSink } from '../../src/prober/open-result-sink.ts';
import { ResultWriter } from '../../src/prober/result-writer.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';
import { proberConfig } from './support.ts';

// The prober's batches are one contract on every database: results kept as runs, failures and
// latency minutes alike, a batch written whole or not at all and then kept queued in order,
// the time of dropped results written as unmonitored, certificates kept once committed, and
// the outages and incidents its results open and close written by the one recorder.

const config = proberConfig('http://127.0.0.1:9');
const checks = indexChecks(config);
const web = checks.get('web')!.check;
const login = checks.get('login')!.check;
const staging = checks.get('staging-web')!.check;
const calendars = buildCalendars(config);
const T = instant('2026-11-16T10:00:00-05:00');
const up = (latencyMs: number, extra: Partial<ProbeResult> = {}): ProbeResult => ({ status: 'up', latencyMs, reason: null, ...extra });
const down = (reason: string, latencyMs = 2_000): ProbeResult => ({ status: 'down', latencyMs, reason });

/** Makes the database refuse every new failure row (a trigger), as a full disk refuses a batch midway. */
async function refuseFailures(store: Store, refuse: boolean): Promise<void> {
  if (store.sqlite) {
    store.sqlite.sqlite.exec(refuse ? "CREATE TRIGGER refuse BEFORE INSERT ON probe_failures BEGIN SELECT RAISE(ABORT, 'refused'); END" : 'DROP TRIGGER refuse');
    return;
  }
  const execute = (statement: string) => (store.db as unknown as { execute(query: unknown): Promise<unknown> }).execute(sql.raw(statement));
  if (!refuse) return void (await execute('DROP TRIGGER refuse ON probe_failures'));
  await execute("CREATE OR REPLACE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$");
  await execute('CREATE TRIGGER refuse BEFORE INSERT ON probe_failures FOR EACH STATEMENT EXECUTE FUNCTION refuse()');
}

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`the prober's result batches on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    const notices = createNotificationEvents({ config, calendars });
    const sink = (recorded: Partial<OutageRecorderDeps> = {}) => openResultSink(store, { recordOutageEvents: outageRecorder({ config, calendars, checks, notices, ...recorded }), notices });
    const writerOn = async (maxQueued?: number, recorded?: Partial<OutageRecorderDeps>) =>
      new ResultWriter(await sink(recorded), () => T + 600_000, { batchSize: 1_000, ...(maxQueued ? { maxQueued } : {}) });
    const add = (writer: ResultWriter, check: CheckConfig, seconds: number, result: ProbeResult, events: DetectorEvent[] = []) => writer.add({ check, at: T + seconds * 1_000, result, events });

    const runs = () =>
      store.db
        .select({
          checkId: store.t.probeRuns.checkId,
          status: store.t.probeRuns.status,
          reason: store.t.probeRuns.reason,
          firstAt: store.t.probeRuns.firstAt,
          lastAt: store.t.probeRuns.lastAt,
          count: store.t.probeRuns.count,
          min: store.t.probeRuns.latencyMinMs,
          max: store.t.probeRuns.latencyMaxMs,
          sum: store.t.probeRuns.latencySumMs,
          last: store.t.probeRuns.lastLatencyMs,
        })
        .from(store.t.probeRuns)
        .orderBy(store.t.probeRuns.id);
    const failures = () =>
      store.db
        .select({ checkId: store.t.probeFailures.checkId, at: store.t.probeFailures.at, reason: store.t.probeFailures.reason })
        .from(store.t.probeFailures)
        .orderBy(store.t.probeFailures.id);
    const minutes = () =>
      store.db
        .select({ checkId: store.t.probeLatencyMinutes.checkId, minute: store.t.probeLatencyMinutes.minute, up: store.t.probeLatencyMinutes.up, p50: store.t.probeLatencyMinutes.p50Ms, latencies: store.t.probeLatencyMinutes.latencies })
        .from(store.t.probeLatencyMinutes)
        .orderBy(store.t.probeLatencyMinutes.checkId, store.t.probeLatencyMinutes.minute);
    const spans = () => store.db.select({ checkId: store.t.unmonitoredSpans.checkId, start: store.t.unmonitoredSpans.start, end: store.t.unmonitoredSpans.end }).from(store.t.unmonitoredSpans);

    it('keeps results as runs, failures and latency minutes, a run extended batch after batch and across a restart', async () => {
      const first = await writerOn();
      add(first, web, 0, up(40));
      add(first, login, 0, up(100));
      expect(await first.flush({ whenDue: true })).toBe(2);
      add(first, web, 10, up(60));
      add(first, web, 20, up(20));
      add(first, login, 10, down('refused', 5));
      add(first, login, 20, down('refused', 7));
      add(first, login, 30, down('status 503', 9));
      await first.flush({ whenDue: true });
      // A process that starts again extends the runs the last one left open, and adds to its minutes.
      const second = await writerOn();
      add(second, web, 30, up(10));
      // The wall clock stepped back: the run's last instant and latency stay those of 30 s.
      add(second, web, 25, up(90));
      add(second, web, 70, up(30));
      add(second, login, 40, up(50));
      expect(await second.flush()).toBe(4);
      expect(await runs()).toEqual([
        { checkId: 'web', status: 'up', reason: null, firstAt: T, lastAt: T + 70_000, count: 6, min: 10, max: 90, sum: 250, last: 30 },
        { checkId: 'login', status: 'up', reason: null, firstAt: T, lastAt: T, count: 1, min: 100, max: 100, sum: 100, last: 100 },
        { checkId: 'login', status: 'down', reason: 'refused', firstAt: T + 10_000, lastAt: T + 20_000, count: 2, min: 5, max: 7, sum: 12, last: 7 },
        { checkId: 'login', status: 'down', reason: 'status 503', firstAt: T + 30_000, lastAt: T + 30_000, count: 1, min: 9, max: 9, sum: 9, last: 9 },
        { checkId: 'login', status: 'up', reason: null, firstAt: T + 40_000, lastAt: T + 40_000, count: 1, min: 50, max: 50, sum: 50, last: 50 },
      ]);
      expect(await failures()).toEqual([
        { checkId: 'login', at: T + 10_000, reason: 'refused' },
        { checkId: 'login', at: T + 20_000, reason: 'refused' },
        { checkId: 'login', at: T + 30_000, reason: 'status 503' },
      ]);
      expect(await minutes()).toEqual([
        { checkId: 'login', minute: T, up: 2, p50: 50, latencies: '[50,100]' },
        { checkId: 'web', minute: T, up: 5, p50: 40, latencies: '[10,20,40,60,90]' },
        { checkId: 'web', minute: T + 60_000, up: 1, p50: 30, latencies: '[30]' },
      ]);
    });

    it('writes a run begun and ended within one batch, and a new run after dropped time though the status is the same', async () => {
      const writer = await writerOn(3);
      add(writer, web, 0, up(10));
      add(writer, web, 10, down('refused'));
      add(writer, web, 20, up(30));
      add(writer, web, 30, up(40));
      // Past the bound of 3: the oldest go, and their time (0 s to 10 s) is unmonitored.
      expect(writer.dropped).toBe(2);
      await writer.flush();
      expect(await spans()).toEqual([{ checkId: 'web', start: T, end: T + 10_000 }]);
      expect(await runs()).toEqual([{ checkId: 'web', status: 'up', reason: null, firstAt: T + 20_000, lastAt: T + 30_000, count: 2, min: 30, max: 40, sum: 70, last: 40 }]);
      add(writer, web, 40, down('refused'));
      add(writer, web, 50, up(5));
      add(writer, web, 60, up(6));
      await writer.flush();
      expect((await runs()).map((run) => [run.status, run.count, run.firstAt - T])).toEqual([
        ['up', 2, 20_000],
        ['down', 1, 40_000],
        ['up', 2, 50_000],
      ]);
    });

    it('writes nothing of a batch the database refused, keeps it queued in order with the time dropped meanwhile, and writes it all once it can', async () => {
      const writer = await writerOn(4);
      add(writer, web, 0, up(10));
      await writer.flush();
      await refuseFailures(store, true);
      add(writer, web, 10, down('refused'));
      add(writer, login, 10, up(20));
      expect(await writer.flush()).toBe(0);
      expect(writer.lastError?.message).toMatch(/refused/);
      expect(writer.pending).toBe(2);
      for (const seconds of [20, 30, 40]) add(writer, web, seconds, down(`at ${seconds}`));
      // Five waiting past the bound of 4: the oldest two go (down to 90 %), web's at 10 s and login's at 10 s.
      expect(writer.pending).toBe(3);
      expect(await writer.flush()).toBe(0);
      expect(await failures()).toEqual([]);
      expect(await runs()).toHaveLength(1);
      await refuseFailures(store, false);
      expect(await writer.flush()).toBe(3);
      expect(writer.lastError).toBeNull();
      expect(await failures()).toEqual([20, 30, 40].map((seconds) => ({ checkId: 'web', at: T + seconds * 1_000, reason: `at ${seconds}` })));
      expect(await spans()).toEqual(expect.arrayContaining([{ checkId: 'web', start: T + 10_000, end: T + 10_000 }, { checkId: 'login', start: T + 10_000, end: T + 10_000 }]));
      expect((await runs()).map((run) => [run.checkId, run.status, run.reason, run.count])).toEqual([
        ['web', 'up', null, 1],
        ['web', 'down', 'at 20', 1],
        ['web', 'down', 'at 30', 1],
        ['web', 'down', 'at 40', 1],
      ]);
    });

    it('stores a certificate once per change, kept only when its batch committed', async () => {
      const writer = await writerOn();
      const notAfter = T + 90 * 86_400_000;
      add(writer, web, 0, up(10, { certificateNotAfter: notAfter }));
      await refuseFailures(store, true);
      add(writer, web, 10, down('refused'));
      await writer.flush();
      const certificates = () => store.db.select().from(store.t.checkCertificates);
      expect(await certificates()).toEqual([]);
      await refuseFailures(store, false);
      add(writer, web, 20, up(10, { certificateNotAfter: notAfter }));
      await writer.flush();
      expect(await certificates()).toEqual([{ checkId: 'web', notAfter, checkedAt: T }]);
      add(writer, web, 30, up(10, { certificateNotAfter: notAfter + 1 }));
      await writer.flush();
      expect(await certificates()).toEqual([{ checkId: 'web', notAfter: notAfter + 1, checkedAt: T + 30_000 }]);
      const restarted = await sink();
      expect(restarted.certificateOf('web')).toBe(notAfter + 1);
    });

    const outages = () =>
      store.db
        .select({
          id: store.t.outages.id,
          checkId: store.t.outages.checkId,
          start: store.t.outages.start,
          end: store.t.outages.end,
          lastDownAt: store.t.outages.lastDownAt,
          source: store.t.outages.source,
          reason: store.t.outages.reason,
          closedReason: store.t.outages.closedReason,
          createdBy: store.t.outages.createdBy,
        })
        .from(store.t.outages)
        .orderBy(asc(store.t.outages.id));
    const incidents = () =>
      store.db
        .select({ id: store.t.incidents.id, title: store.t.incidents.title, priority: store.t.incidents.priority, channel: store.t.incidents.channel, public: store.t.incidents.public, outageId: store.t.incidents.outageId, checkId: store.t.incidents.checkId, feature: store.t.incidents.feature, resolvedAt: store.t.incidents.resolvedAt })
        .from(store.t.incidents)
        .orderBy(asc(store.t.incidents.id));
    const timeline = () =>
      store.db
        .select({ incidentId: store.t.incidentEvents.incidentId, at: store.t.incidentEvents.at, type: store.t.incidentEvents.type })
        .from(store.t.incidentEvents)
        .orderBy(asc(store.t.incidentEvents.id));
    const audit = () => store.db.select({ action: store.t.auditLog.action, target: store.t.auditLog.target }).from(store.t.auditLog).orderBy(asc(store.t.auditLog.id));
    const told = async () => (await store.db.select({ key: store.t.notificationEvents.key }).from(store.t.notificationEvents).orderBy(asc(store.t.notificationEvents.id))).map((row) => row.key);

    it('opens, keeps current and closes the outages its results caused, with their incidents, timeline, audit and alerts', async () => {
      const writer = await writerOn();
      add(writer, web, 0, down('status 503'));
      add(writer, web, 10, down('status 503'), [{ type: 'outage_opened', start: T, lastDownAt: T + 10_000, reason: 'status 503' }]);
      add(writer, login, 10, down('refused'), [{ type: 'outage_opened', start: T + 10_000, lastDownAt: T + 10_000, reason: 'refused' }]);
      expect(await writer.flush()).toBe(3);
      add(writer, web, 20, down('status 503'), [{ type: 'outage_continued', lastDownAt: T + 20_000 }]);
      add(writer, login, 20, down('refused'), [{ type: 'outage_continued', lastDownAt: T + 20_000 }]);
      add(writer, web, 30, up(10), [{ type: 'outage_closed', end: T + 30_000, cause: 'recovered' }]);
      add(writer, staging, 30, up(10), [{ type: 'unmonitored', start: T - 3_600_000, end: T + 30_000 }]);
      expect(await writer.flush()).toBe(4);

      const opened = { source: 'probe', createdBy: 'monitor' };
      expect(await outages()).toEqual([
        { id: 1, checkId: 'web', start: T, end: T + 30_000, lastDownAt: T + 20_000, reason: 'status 503', closedReason: 'recovered', ...opened },
        { id: 2, checkId: 'login', start: T + 10_000, end: null, lastDownAt: T + 20_000, reason: 'refused', closedReason: null, ...opened },
      ]);
      const incident = { channel: 'monitor', public: true, resolvedAt: null };
      expect(await incidents()).toEqual([
        // The environment's availability check opens a critical incident; the feature failing beside it one of its own.
        { id: 1, title: 'Acme Construction unavailable (web: status 503)', priority: 'I', outageId: 1, checkId: 'web', feature: null, ...incident },
        { id: 2, title: 'login failing on Acme Construction (login: refused)', priority: 'II', outageId: 2, checkId: 'login', feature: 'login', ...incident },
      ]);
      expect(await timeline()).toEqual([
        { incidentId: 1, at: T + 600_000, type: 'opened' },
        { incidentId: 2, at: T + 600_000, type: 'opened' },
        { incidentId: 1, at: T + 30_000, type: 'monitoring' },
      ]);
      expect(await audit()).toEqual([
        { action: 'incident.open', target: 'incident:1' },
        { action: 'incident.open', target: 'incident:2' },
        { action: 'incident.outage-closed', target: 'incident:1' },
      ]);
      expect(await told()).toEqual(['outage-opened:1', 'incident-opened:1', 'outage-opened:2', 'incident-opened:2', 'outage-closed:1']);
      expect(await spans()).toEqual([{ checkId: 'staging-web', start: T - 3_600_000, end: T + 30_000 }]);
      // The outage already open is kept, not opened twice, when the detector says so again (a restart).
      const again = await writerOn();
      add(again, login, 40, down('refused'), [{ type: 'outage_opened', start: T + 40_000, lastDownAt: T + 40_000, reason: 'refused' }]);
      await again.flush();
      expect((await outages()).filter((row) => row.end === null)).toEqual([expect.objectContaining({ id: 2, checkId: 'login', start: T + 10_000, lastDownAt: T + 40_000 })]);
      expect(await incidents()).toHaveLength(2);
    });

    describe('an incident that cannot be opened', () => {
      afterEach(() => void vi.restoreAllMocks());

      it('is undone alone, in a savepoint: the results, the outage and its alert stay, and the log says why', async () => {
        const logged: string[] = [];
        vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.join(' ')));
        // The incident, its timeline and audit entry are written before the alert refuses.
        const refusing = { ...notices, incidentOpened: () => Promise.reject(new Error('no room for the alert')) };
        const writer = await writerOn(undefined, { notices: refusing });
        add(writer, web, 0, down('status 503'), [{ type: 'outage_opened', start: T, lastDownAt: T, reason: 'status 503' }]);
        expect(await writer.flush()).toBe(1);
        expect(await outages()).toEqual([expect.objectContaining({ checkId: 'web', start: T, end: null })]);
        expect(await incidents()).toEqual([]);
        expect(await timeline()).toEqual([]);
        expect(await audit()).toEqual([]);
        expect(await told()).toEqual([`outage-opened:${(await outages())[0]!.id}`]);
        expect(await runs()).toHaveLength(1);
        expect(logged.join('\n')).toMatch(/incident for outage \d+ \(web\) not opened: no room for the alert/);
      });
    });
  });
}
