import { afterEach, describe, expect, it } from 'vitest';
import { openProber, type Prober } from '../../src/prober/prober.ts';
import type { Timers } from '../../src/schedule/timers.ts';
import { openDatabase, type OpenDatabase } from '../../src/store/database.ts';
import { manualClock, proberConfig, rows, storedResults } from './support.ts';

// A probe that never returns, whatever the cause, must not leave its check silent: the prober
// gives it up at its timeout plus a grace and records the `timeout` it is.

/** Timers the test fires by hand: `fireAll()` runs every pending callback. */
function handTimers(): Timers & { fireAll(): void; pending(): number } {
  const callbacks = new Map<number, () => void>();
  let next = 0;
  return {
    now: () => 0,
    setTimeout(callback) {
      callbacks.set(++next, callback);
      return next;
    },
    clearTimeout(handle) {
      callbacks.delete(handle as number);
    },
    fireAll() {
      const due = [...callbacks.values()];
      callbacks.clear();
      for (const callback of due) callback();
    },
    pending: () => callbacks.size,
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

let database: OpenDatabase;
let prober: Prober | null = null;
afterEach(async () => {
  await prober?.stop();
  prober = null;
  database.close();
});

describe('a probe that never returns', () => {
  it('is given up at its deadline plus a grace and recorded as a timeout, and its check runs again', async () => {
    database = openDatabase(':memory:');
    const timers = handTimers();
    const clock = manualClock('2026-11-16T10:00:00-05:00');
    prober = await openProber({ store: database.store, config: proberConfig('http://127.0.0.1:9'), clock: clock.now, timers, schedule: false, probe: () => new Promise(() => undefined) });
    for (let turn = 0; turn < 2; turn++) {
      const run = prober.runCheck('web');
      await settle();
      // Still waiting: the grace has not passed.
      expect(prober.stats().done).toBe(turn);
      timers.fireAll();
      await run;
      clock.advance(30_000);
    }
    await prober.flush();
    expect(storedResults(database, 'web').map(({ status, latencyMs, reason }) => ({ status, latencyMs, reason }))).toEqual([
      { status: 'down', latencyMs: 2_000, reason: 'timeout' },
      { status: 'down', latencyMs: 2_000, reason: 'timeout' },
    ]);
    expect(rows(database, "SELECT check_id AS checkId FROM outages WHERE \"end\" IS NULL")).toEqual([{ checkId: 'web' }]);
    expect(prober.stats()).toMatchObject({ abandonedProbes: 2, skippedOverlap: 0 });
    expect(prober.health().details).toMatchObject({ abandonedProbes: 2 });
  });

  it('does not hold up stopping: the wait ends at once and nothing is recorded', async () => {
    database = openDatabase(':memory:');
    const timers = handTimers();
    prober = await openProber({ store: database.store, config: proberConfig('http://127.0.0.1:9'), clock: manualClock('2026-11-16T10:00:00-05:00').now, timers, schedule: false, probe: () => new Promise(() => undefined) });
    const run = prober.runCheck('web');
    await settle();
    await prober.stop();
    await run;
    expect(timers.pending()).toBe(0);
    expect(rows(database, 'SELECT coalesce(sum(count), 0) AS n FROM probe_runs')).toEqual([{ n: 0 }]);
  });
});
