import { afterEach, describe, expect, it } from 'vitest';
import { LATE_START_MS, openProber, type ProbeFunction } from '../../src/prober/prober.ts';
import { openDatabase, type OpenDatabase } from '../../src/store/database.ts';
import { manualClock, proberConfig } from './support.ts';

// Probes replaced by promises the test settles, to see what the prober starts and when.

let database: OpenDatabase | null = null;
afterEach(() => {
  database?.close();
  database = null;
});

function gatedProbe() {
  const gates = new Map<string, Array<() => void>>();
  let running = 0;
  let peak = 0;
  const probe: ProbeFunction = (check) =>
    new Promise((resolve) => {
      running++;
      peak = Math.max(peak, running);
      const release = () => {
        running--;
        resolve({ status: 'up', latencyMs: 1, reason: null });
      };
      gates.set(check.id, [...(gates.get(check.id) ?? []), release]);
    });
  return {
    probe,
    started: (id: string) => gates.get(id)?.length ?? 0,
    release(id: string) {
      gates.get(id)?.shift()?.();
    },
    get running() {
      return running;
    },
    get peak() {
      return peak;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('running checks', () => {
  it('keeps at most probe.concurrency probes in flight; the others wait their turn', async () => {
    database = openDatabase(':memory:');
    const gate = gatedProbe();
    const extra = proberConfig('http://127.0.0.1:9', `
  - id: more
    name: More
    type: development
    checks:
${Array.from({ length: 6 }, (_, i) => `      - { id: more-${i}, url: "http://127.0.0.1:9/${i}", every: 30s, timeout: 2s }`).join('\n')}
`);
    expect(extra.probe.concurrency).toBe(4);
    const prober = await openProber({ store: database.store, config: extra, clock: manualClock('2026-11-16T10:00:00-05:00').now, schedule: false, probe: gate.probe });
    const ids = extra.environments.flatMap((environment) => environment.checks.map((check) => check.id));
    const runs = ids.map((id) => prober.runCheck(id));
    await settle();
    expect(gate.running).toBe(4);
    for (const id of ids) {
      gate.release(id);
      await settle();
      expect(gate.running).toBeLessThanOrEqual(4);
    }
    await Promise.all(runs);
    expect(gate.peak).toBe(4);
    expect(prober.stats().done).toBe(10);
    await prober.stop();
  });

  it('never overlaps two runs of one check: a turn that comes while it is still running is skipped and settles with that run', async () => {
    database = openDatabase(':memory:');
    const gate = gatedProbe();
    const prober = await openProber({ store: database.store, config: proberConfig('http://127.0.0.1:9'), clock: manualClock('2026-11-16T10:00:00-05:00').now, schedule: false, probe: gate.probe });
    const first = prober.runCheck('web', Date.now());
    const second = prober.runCheck('web', Date.now());
    const other = prober.runCheck('login', Date.now());
    let secondSettled = false;
    void second.then(() => (secondSettled = true));
    await settle();
    expect(gate.started('web')).toBe(1);
    expect(secondSettled).toBe(false);
    // A hung check does not hold up another one.
    expect(gate.started('login')).toBe(1);
    gate.release('login');
    await other;
    gate.release('web');
    await Promise.all([first, second]);
    expect(prober.stats()).toMatchObject({ done: 2, skippedOverlap: 1 });
    await prober.stop();
  });

  it('counts the probes that start more than LATE_START_MS after their turn, the sign that it falls behind', async () => {
    database = openDatabase(':memory:');
    const gate = gatedProbe();
    const prober = await openProber({ store: database.store, config: proberConfig('http://127.0.0.1:9'), clock: manualClock('2026-11-16T10:00:00-05:00').now, schedule: false, probe: gate.probe });
    const onTime = prober.runCheck('web', Date.now());
    const late = prober.runCheck('login', Date.now() - LATE_START_MS - 1_000);
    await settle();
    gate.release('web');
    gate.release('login');
    await Promise.all([onTime, late]);
    expect(prober.stats()).toMatchObject({ done: 2, lateStarts: 1 });
    await prober.stop();
  });

  it('stops promptly: in-flight probes are cut short and not recorded; written results stay', async () => {
    database = openDatabase(':memory:');
    const prober = await openProber({
      store: database.store,
      config: proberConfig('http://127.0.0.1:9'),
      clock: manualClock('2026-11-16T10:00:00-05:00').now,
      schedule: false,
      probe: (_check, stop) =>
        new Promise((resolve) => stop.addEventListener('abort', () => resolve({ status: 'down', latencyMs: 5, reason: 'stopped' }))),
    });
    const pending = prober.runCheck('web');
    await prober.stop();
    await pending;
    expect(database.sqlite.prepare('SELECT coalesce(sum(count), 0) AS n FROM probe_runs').get()).toEqual({ n: 0 });
  });
});
