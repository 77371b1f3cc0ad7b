import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { factsOf, readLocationFacts } from '../../src/locations/quorum-facts.ts';
import { quorumRounds, runQuorumRound } from '../../src/locations/quorum-job.ts';
import { quorumOutageRecorder } from '../../src/locations/quorum-work.ts';
import { leasesOf } from '../../src/lease/lease-store.ts';
import { locationView } from '../../src/quorum/location-view.ts';
import { quorumVerdict } from '../../src/quorum/quorum-verdict.ts';
import type { DetectorEvent } from '../../src/outages/detector.ts';
import type { ProbeResult } from '../../src/probe/types.ts';
import type { OutageEventsWriter } from '../../src/outages/outage-recorder.ts';
import { openProber, type Prober } from '../../src/prober/prober.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import type { Interval } from '../../src/time/interval.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';

// The quorum job on each database: rounds at many instants, while two locations probe, decide
// the same outages and unmonitored time as one decision over the whole time would, each once.

const config = parseConfig(`
locations: [mtl, tor]
environments:
  - id: acme-prod
    name: Acme Construction
    type: production
    slaStart: "2026-11-16T09:59:00-05:00"
    quorum: 2
    checks:
      - { id: web, url: "http://127.0.0.1:9/web", every: 10s, timeout: 2s, confirmAfter: 2 }
      - { id: ref, url: "http://127.0.0.1:9/ref", every: 10s, timeout: 2s, reference: true }
`);
const T = instant('2026-11-16T10:00:00-05:00');
const SLA_START = instant('2026-11-16T09:59:00-05:00');
const down: ProbeResult = { status: 'down', latencyMs: 3, reason: 'refused' };
const up: ProbeResult = { status: 'up', latencyMs: 5, reason: null };

/** The check's outages the events make, as intervals (one still open ends at `until`). */
function outagesOf(events: readonly DetectorEvent[], until: number): Interval[] {
  const out: Interval[] = [];
  let open: number | null = null;
  for (const event of events) {
    if (event.type === 'outage_opened') open = event.start;
    if (event.type === 'outage_closed' && open !== null) {
      out.push({ start: open, end: event.end });
      open = null;
    }
  }
  if (open !== null) out.push({ start: open, end: until });
  return out;
}

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`the quorum job: ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    /**
     * Two locations probing every 10 s from T for `seconds`: `webFrom(location, s)` says what
     * web answers there at second s (ref always answers; null: that location probes nothing
     * then). A round of the quorum every 5 s: each reading everything afresh, or rounds that keep
     * what they read between them, or two such holders taking turns (each finds what the other
     * decided meanwhile).
     */
    async function scenario(
      webFrom: (location: string, s: number) => ProbeResult | null,
      seconds: number,
      refFrom: (location: string, s: number) => ProbeResult = () => up,
      mode: 'afresh' | 'kept' | 'two holders' = 'afresh',
    ) {
      const clock = { at: T };
      const answers = new Map<string, (checkId: string) => ProbeResult>();
      const probers: Prober[] = [];
      for (const location of ['mtl', 'tor']) {
        probers.push(await openProber({ store, config, location, clock: () => clock.at, databaseClock: async () => clock.at, schedule: false, probe: async (check) => answers.get(location)!(check.id) }));
      }
      const events: { checkId: string; event: DetectorEvent }[] = [];
      // The outage recorder itself (outages, incidents, alerts), and every event it was given.
      const recorder = quorumOutageRecorder(() => ({ config }));
      const writer: OutageEventsWriter = async (tx, check, written, now) => {
        for (const event of written) events.push({ checkId: check.id, event });
        await recorder(tx, check, written, now);
      };
      const deps = { store, config, writeOutageEvents: writer };
      const holders = [quorumRounds(deps), quorumRounds(deps)];
      const roundAt = (at: number, n: number) => (mode === 'afresh' ? runQuorumRound(deps, at) : holders[mode === 'kept' ? 0 : n % 2]!.run(at));
      const rounds: number[] = [];
      for (let s = 0; s <= seconds; s += 5) {
        clock.at = T + s * 1000;
        if (s % 10 === 0) {
          for (const [n, location] of ['mtl', 'tor'].entries()) {
            const web = webFrom(location, s);
            if (!web) continue;
            answers.set(location, (checkId) => (checkId === 'web' ? web : refFrom(location, s)));
            await probers[n]!.runCheck('web');
            await probers[n]!.runCheck('ref');
            await probers[n]!.flush();
          }
        }
        // Twice at each instant: the second round finds nothing left to decide.
        await roundAt(clock.at, s / 5);
        rounds.push((await roundAt(clock.at, s / 5 + 1)).decided);
      }
      for (const prober of probers) await prober.stop();
      const progress = new Map((await store.db.select().from(store.t.quorumProgress)).map((row) => [row.checkId, row.decidedUntil]));
      const spans = await store.db.select({ checkId: store.t.unmonitoredSpans.checkId, start: store.t.unmonitoredSpans.start, end: store.t.unmonitoredSpans.end }).from(store.t.unmonitoredSpans);
      return { events, rounds, progress, spans };
    }

    it('one location refused: no outage, and both observe the check once they both probe it', async () => {
      const { events, rounds, progress, spans } = await scenario((location) => (location === 'tor' ? down : up), 120);
      expect(events).toEqual([]);
      expect(rounds.every((decided) => decided === 0)).toBe(true);
      // Unmonitored only before the two locations first reported: the time since the SLA start, in one span.
      expect(spans).toEqual([
        { checkId: 'web', start: SLA_START, end: T },
        { checkId: 'ref', start: SLA_START, end: T },
      ]);
      expect(progress.get('web')).toBeGreaterThanOrEqual(T + 110_000);
    });

    it('both refused: one outage, from when the quorum was reached, opened once', async () => {
      // tor refused from the start, mtl from 30 s, mtl answers again from 80 s.
      const { events, progress } = await scenario((location, s) => (location === 'tor' || (s >= 30 && s < 80) ? down : up), 120);
      const web = events.filter((e) => e.checkId === 'web').map((e) => e.event);
      expect(web.filter((event) => event.type === 'outage_opened')).toEqual([{ type: 'outage_opened', start: T + 30_000, lastDownAt: expect.any(Number), reason: 'refused' }]);
      expect(outagesOf(web, progress.get('web')!)).toEqual([{ start: T + 30_000, end: T + 80_000 }]);
      const { db, t } = store;
      expect(await db.select({ checkId: t.outages.checkId, start: t.outages.start, end: t.outages.end, source: t.outages.source }).from(t.outages)).toEqual([
        { checkId: 'web', start: T + 30_000, end: T + 80_000, source: 'probe' },
      ]);
      expect((await db.select({ id: t.incidents.id }).from(t.incidents)).length).toBe(1);
      expect(events.filter((e) => e.checkId === 'ref')).toEqual([]);
    });

    /** tor refused in two stretches, mtl in one overlapping both; tor silent (no result) from 150 s: the rounds decide what one decision over the whole time decides. */
    async function decidesAsOneDecision(mode: 'afresh' | 'kept' | 'two holders') {
      const refused = (location: string, s: number) => (location === 'tor' ? (s >= 20 && s < 70) || (s >= 90 && s < 130) : s >= 40 && s < 110);
      const { events, progress, spans, rounds } = await scenario((location, s) => (location === 'tor' && s >= 150 ? null : refused(location, s) ? down : up), 200, undefined, mode);
      const until = progress.get('web')!;
      const facts = await readLocationFacts(store, ['web'], 0);
      const web = config.environments[0]!.checks[0]!;
      const timelines = ['mtl', 'tor'].map((location) => locationView(factsOf(facts, location, 'web'), 10_000, until + 3_600_000));
      const whole = quorumVerdict(timelines, 2, { start: SLA_START, end: until });
      expect(whole.down.length).toBe(2);
      // tor silent: unmonitored from its last result, once the silence is longer than the gap rule.
      expect(whole.unmonitored).toEqual([
        { start: SLA_START, end: T },
        { start: T + 140_000, end: until },
      ]);
      expect(outagesOf(events.filter((e) => e.checkId === 'web').map((e) => e.event), until)).toEqual(whole.down);
      expect(spans.filter((span) => span.checkId === web.id).map(({ start, end }) => ({ start, end }))).toEqual(whole.unmonitored);
      expect(until).toBeGreaterThanOrEqual(T + 195_000);
      return { rounds };
    }

    it('decides round by round what one decision over the whole time decides from the same timelines', async () => {
      await decidesAsOneDecision('afresh');
    });

    it('rounds that keep what they read between them decide the same, the second round at an instant finding nothing left', async () => {
      const { rounds } = await decidesAsOneDecision('kept');
      expect(rounds.every((decided) => decided === 0)).toBe(true);
    });

    it('two holders taking turns, each keeping what it read, decide the same, each decision once', async () => {
      await decidesAsOneDecision('two holders');
      const { db, t } = store;
      expect((await db.select({ id: t.outages.id }).from(t.outages)).length).toBe(2);
      expect((await db.select({ id: t.incidents.id }).from(t.incidents)).length).toBeGreaterThanOrEqual(1);
    });

    it('a location whose reference check fails is impaired: its downs are unobserved time, never an outage', async () => {
      // Both see web refused from 30 s on; tor's reference fails too from 20 s: tor cannot testify.
      const { events, spans } = await scenario((_location, s) => (s >= 30 ? down : up), 100, (location, s) => (location === 'tor' && s >= 20 ? down : up));
      expect(events.filter((e) => e.event.type === 'outage_opened')).toEqual([]);
      // From tor's first reference failure only mtl observes: fewer than the quorum of 2.
      expect(spans.filter((span) => span.checkId === 'web').map(({ start, end }) => ({ start, end }))).toEqual([
        { start: SLA_START, end: T },
        { start: T + 20_000, end: expect.any(Number) },
      ]);
    });

    it('writes nothing under a lease no longer held', async () => {
      const leases = leasesOf(store, () => T);
      const taken = await leases.takeOrRenew('quorum', 'monitor-1:1:a', 1_000);
      if (!taken.taken) throw new Error('the lease was free');
      await leases.release('quorum', 'monitor-1:1:a');
      const prober = await openProber({ store, config, location: 'mtl', clock: () => T, databaseClock: async () => T, schedule: false, probe: async () => up });
      await prober.runCheck('web');
      await prober.stop();
      const round = await runQuorumRound({ store, config, writeOutageEvents: async () => undefined, lease: { leases, held: taken.lease } }, T + 1_000);
      expect(round.decided).toBe(0);
      expect(await store.db.select().from(store.t.quorumProgress)).toEqual([]);
    });
  });
}
