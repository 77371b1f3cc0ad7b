import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DetectorEvent } from '../../src/outages/detector.ts';
import type { ProbeResult } from '../../src/probe/types.ts';
import { openProber, type Prober } from '../../src/prober/prober.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';
import { proberConfig } from './support.ts';

// Two probers on one database hand a check to each other, as probers sharing a location's
// checks do (src/share): each probes it only while allowed, gives it up once its results are
// written, and takes it back with its detector state and its open run read again from the
// database. Neither a result nor an outage is written twice, and the history stays in order.

const config = proberConfig('http://127.0.0.1:9');
const T = instant('2026-11-16T10:00:00-05:00');
const result = (status: 'up' | 'down'): ProbeResult => ({ status, latencyMs: 10, reason: status === 'down' ? 'refused' : null });

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`probers handing checks over: ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    it('probes only the checks it may, and counts no other', async () => {
      const probed: string[] = [];
      const prober = await openProber({
        store,
        config,
        clock: () => T,
        // The test's clock is the database's too (PostgreSQL refuses results from a host whose clock is off).
        databaseClock: async () => T,
        schedule: false,
        probe: async (check) => (probed.push(check.id), result('up')),
        recordOutageEvents: async () => undefined,
        mayProbe: (checkId) => checkId === 'login',
      });
      await prober.runCheck('web', T);
      await prober.runCheck('login', T);
      await prober.stop();
      expect(probed).toEqual(['login']);
      expect(prober.stats().done).toBe(1);
    });

    it('takes a check over with its detector state and its history as the other left them', async () => {
      let now = T;
      let next: 'up' | 'down' = 'up';
      // The outage changes, as the recorder the prober is given is told of them.
      const told: DetectorEvent[] = [];
      const holder = { current: 'a' };
      const open = (name: string): Promise<Prober> =>
        openProber({
          store,
          config,
          clock: () => now,
          databaseClock: async () => now,
          schedule: false,
          probe: async () => result(next),
          recordOutageEvents: async (_tx, _check, events) => void told.push(...events),
          mayProbe: () => holder.current === name,
        });
      const a = await open('a');
      const b = await open('b');
      const probe = async (prober: Prober, status: 'up' | 'down') => {
        next = status;
        now += 30_000;
        await prober.runCheck('web', now);
      };
      const handOver = async (from: Prober, to: Prober, name: string) => {
        holder.current = name;
        await from.settle(['web']);
        await to.adopt(['web']);
      };

      await probe(a, 'up');
      await probe(a, 'down');
      await handOver(a, b, 'b');
      // The second down in a row: web confirms after 2, from the first (a's).
      await probe(b, 'down');
      await probe(b, 'up');
      await handOver(b, a, 'a');
      // a's own memory says one down in a row and a down run open: both stale.
      await probe(a, 'down');
      // Not a's any more: nothing probed.
      holder.current = 'b';
      await probe(a, 'down');
      await a.stop();
      await b.stop();

      const runs = await store.db
        .select({ status: store.t.probeRuns.status, count: store.t.probeRuns.count, firstAt: store.t.probeRuns.firstAt })
        .from(store.t.probeRuns)
        .where(eq(store.t.probeRuns.checkId, 'web'))
        .orderBy(asc(store.t.probeRuns.id));
      expect(runs).toEqual([
        { status: 'up', count: 1, firstAt: T + 30_000 },
        { status: 'down', count: 2, firstAt: T + 60_000 },
        { status: 'up', count: 1, firstAt: T + 120_000 },
        { status: 'down', count: 1, firstAt: T + 150_000 },
      ]);
      expect(told.filter((event) => event.type.startsWith('outage_')).map((event) => ({ type: event.type, at: event.type === 'outage_opened' ? event.start : event.type === 'outage_closed' ? event.end : null }))).toEqual([
        { type: 'outage_opened', at: T + 60_000 },
        { type: 'outage_closed', at: T + 120_000 },
      ]);
      expect(a.stats().done + b.stats().done).toBe(5);
    });
  });
}
