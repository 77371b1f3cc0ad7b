import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { openProber, type Prober } from '../../src/prober/prober.ts';
import type { ProbeResult } from '../../src/probe/types.ts';
import { realTimers, type Timers } from '../../src/schedule/timers.ts';
import { openDatabase, type OpenDatabase } from '../../src/store/database.ts';

// The wall clock set back an hour (an operator, a bad NTP server, a VM restored from a
// snapshot). Probing must not stall for the size of the step: the schedule runs on the
// monotonic clock, results carry the wall time, and the step is logged. Only `Date` is faked
// here (the injected wall clock); timers and performance.now stay real.

const HOUR = 3_600_000;
const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function setWallClockBack(ms: number): void {
  vi.setSystemTime(Date.now() - ms);
}

describe('the schedule’s clock', () => {
  it('does not step back when the wall clock is set back', () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    const before = realTimers.now();
    setWallClockBack(HOUR);
    expect(realTimers.now()).toBeGreaterThanOrEqual(before);
  });
});

describe('a prober whose wall clock is set back an hour', () => {
  it.each([
    { kind: 'fixed interval', every: '1s' },
    { kind: 'cron', every: '"* * * * * *"' },
  ])('keeps probing ($kind checks), stamps results with the new wall time and logs the step', async ({ every }) => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const database: OpenDatabase = openDatabase(':memory:');
    const config = parseConfig(`
environments:
  - id: local-prod
    name: Local
    type: production
    checks:
      - { id: web, url: "http://127.0.0.1:9/", every: ${every}, timeout: 500ms }
`);
    const stamps: number[] = [];
    const prober: Prober = await openProber({
      store: database.store,
      config,
      flushEveryMs: 100,
      probe: async (): Promise<ProbeResult> => {
        stamps.push(Date.now());
        return { status: 'up', latencyMs: 1, reason: null };
      },
    });
    cleanups.push(async () => {
      await prober.stop();
      database.close();
    });
    await vi.waitFor(() => expect(stamps.length).toBeGreaterThanOrEqual(1), { timeout: 5_000, interval: 50 });

    const stepAt = Date.now();
    setWallClockBack(HOUR);
    const after = stamps.length;
    // Before, nothing was probed for the hour of the step.
    await vi.waitFor(() => expect(stamps.length).toBeGreaterThanOrEqual(after + 3), { timeout: 10_000, interval: 50 });
    expect(stamps.at(-1)!).toBeLessThan(stepAt - HOUR / 2);
    await vi.waitFor(() => expect(logged.mock.calls.flat().join('\n')).toMatch(/wall clock was set back by 3[56]\d\d\.\d s/), { timeout: 5_000, interval: 50 });
    expect(prober.health().ok).toBe(true);
  });
});

/** Timers whose monotonic time the test moves; callbacks never run on their own. */
function stuckTimers(): Timers & { advance(ms: number): void } {
  let now = 1_000_000;
  return {
    now: () => now,
    wallNow: () => Date.parse('2026-11-16T15:00:00Z') + now,
    setTimeout: () => Symbol('never fires'),
    clearTimeout: () => undefined,
    advance: (ms) => void (now += ms),
  };
}

describe('/healthz when due checks are not being run', () => {
  it('fails when a check is overdue by more than max(2 intervals, 15 s), even while other turns come', async () => {
    const database: OpenDatabase = openDatabase(':memory:');
    const config = parseConfig(`
probe: { concurrency: 1 }
environments:
  - id: local-prod
    name: Local
    type: production
    checks:
      - { id: slow, url: "http://127.0.0.1:9/a", every: 30s, timeout: 10s }
      - { id: starved, url: "http://127.0.0.1:9/b", every: 30s, timeout: 10s }
`);
    const timers = stuckTimers();
    // The one slot is held: "starved" waits behind "slow" for ever.
    const prober = await openProber({ store: database.store, config, timers, probe: () => new Promise(() => undefined) });
    cleanups.push(async () => {
      await prober.stop();
      database.close();
    });
    timers.advance(5_000);
    void prober.runCheck('slow', timers.now());
    void prober.runCheck('starved', timers.now());
    // "slow" takes the one slot once its run gets a turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    expect(prober.health().ok).toBe(true);
    for (let turn = 0; turn < 4; turn++) {
      timers.advance(30_000);
      // Turns keep coming (skipped: still running); none of them runs "starved".
      void prober.runCheck('slow', timers.now());
    }
    const health = prober.health();
    expect(health.ok).toBe(false);
    expect(health.details).toMatchObject({ mostOverdueCheck: 'starved', queued: 1 });
    expect(health.details.mostOverdueMs).toBeGreaterThan(60_000);
  });
});
