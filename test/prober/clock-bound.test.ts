import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import type { ProbeResult } from '../../src/probe/types.ts';
import { openProber } from '../../src/prober/prober.ts';
import type { Store } from '../../src/store/store.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';
import { proberConfig } from './support.ts';

// The clock bound: on PostgreSQL several hosts write one history, each result stamped with its
// host's clock, so the results of a host whose clock is off the database's by more than
// probe.maxClockOffset are refused and logged, until the clock is right again. The host's
// clock is injected: the database's is the real one.

const HOUR = 3_600_000;
const up = async (): Promise<ProbeResult> => ({ status: 'up', latencyMs: 10, reason: null });

afterEach(() => vi.restoreAllMocks());

async function runsOf(store: Store, checkId: string): Promise<number> {
  const rows = await store.db.select({ count: store.t.probeRuns.count }).from(store.t.probeRuns).where(eq(store.t.probeRuns.checkId, checkId));
  return rows.reduce((sum, row) => sum + row.count, 0);
}

describe('probe.maxClockOffset in the configuration', () => {
  const withProbe = (probe: string) => `probe: ${probe}\nenvironments:\n  - id: web\n    name: Web\n    type: production\n    checks:\n      - { id: home, url: "https://a.example/" }\n`;
  it('is 5s unless given, and a duration from 100ms to 1h, refused otherwise naming the field', () => {
    expect(parseConfig(withProbe('{ concurrency: 4 }'), 'c.yaml').probe).toEqual({ concurrency: 4, maxQueuedResults: 100_000, maxClockOffset: 5_000 });
    expect(parseConfig(withProbe('{ maxClockOffset: 250ms }'), 'c.yaml').probe).toEqual({ concurrency: 64, maxQueuedResults: 100_000, maxClockOffset: 250 });
    expect(() => parseConfig(withProbe('{ maxClockOffset: 50ms }'), 'c.yaml')).toThrow(/c\.yaml:1: probe\.maxClockOffset: must be from 100ms to 1h/);
    expect(() => parseConfig(withProbe('{ maxClockOffset: 2h }'), 'c.yaml')).toThrow(/probe\.maxClockOffset: must be from 100ms to 1h/);
    expect(() => parseConfig(withProbe('{ maxClockOffset: 5 }'), 'c.yaml')).toThrow(/probe\.maxClockOffset: /);
  });

  it('keeps probe.maxQueuedResults from 1 to 10000000, 100000 unless given', () => {
    expect(parseConfig(withProbe('{ maxQueuedResults: 10 }'), 'c.yaml').probe.maxQueuedResults).toBe(10);
    expect(() => parseConfig(withProbe('{ maxQueuedResults: 0 }'), 'c.yaml')).toThrow(/probe\.maxQueuedResults: /);
  });
});

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`results and the host's clock on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    if (backend.name === 'SQLite') {
      it("takes every result: the database's clock is this host's own", async () => {
        const prober = await openProber({ store, config: proberConfig('http://127.0.0.1:9'), clock: () => Date.now() + HOUR, schedule: false, probe: up });
        await prober.runCheck('login');
        await prober.stop();
        expect(await runsOf(store, 'login')).toBe(1);
        expect(prober.health().details).not.toHaveProperty('clockRefused');
      });
      return;
    }

    it('refuses and logs the results of a host an hour ahead, and writes them again once its clock is set right', async () => {
      const logged: string[] = [];
      vi.spyOn(console, 'error').mockImplementation((line: unknown) => void logged.push(String(line)));
      let offset = HOUR;
      const prober = await openProber({ store, config: proberConfig('http://127.0.0.1:9'), clock: () => Date.now() + offset, schedule: false, probe: up, recordOutageEvents: async () => undefined });

      await prober.runCheck('login');
      await prober.flush();
      expect(await runsOf(store, 'login')).toBe(0);
      const refused = prober.health();
      expect(refused.ok).toBe(false);
      expect(refused.details).toMatchObject({ clockRefused: true, maxClockOffsetMs: 5_000, refusedResults: 1 });
      expect(Math.round((refused.details.clockOffsetMs as number) / 60_000)).toBe(60);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toContain("this host's clock is 3600.");
      expect(logged[0]).toContain('s ahead of the database');
      expect(logged[0]).toContain('probe.maxClockOffset (5s)');

      offset = 0;
      await prober.checkClock();
      await prober.runCheck('login');
      await prober.stop();
      expect(await runsOf(store, 'login')).toBe(1);
      expect(prober.health().details).toMatchObject({ clockRefused: false, refusedResults: 1 });
      expect(logged).toHaveLength(2);
      expect(logged[1]).toContain('within 5s of the database');
    });

    it('refuses those of a host behind by more than the bound configured, and takes those within it', async () => {
      const logged: string[] = [];
      vi.spyOn(console, 'error').mockImplementation((line: unknown) => void logged.push(String(line)));
      const base = proberConfig('http://127.0.0.1:9');
      const config = { ...base, probe: { ...base.probe, maxClockOffset: 600_000 } };
      const within = await openProber({ store, config, clock: () => Date.now() - 60_000, schedule: false, probe: up, recordOutageEvents: async () => undefined });
      await within.runCheck('web');
      await within.stop();
      expect(await runsOf(store, 'web')).toBe(1);
      expect(logged).toEqual([]);

      const behind = await openProber({ store, config, clock: () => Date.now() - HOUR, schedule: false, probe: up, recordOutageEvents: async () => undefined });
      await behind.runCheck('reports');
      await behind.stop();
      expect(await runsOf(store, 'reports')).toBe(0);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toContain('s behind the database');
    });
  });
}
