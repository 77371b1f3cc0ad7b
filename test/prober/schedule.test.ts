import { afterEach, describe, expect, it, vi } from 'vitest';
import { DueQueue } from '../../src/schedule/due-queue.ts';
import { cronSpreadMs } from '../../src/schedule/cron-schedule.ts';
import { scheduleChecks } from '../../src/schedule/check-schedule.ts';
import { startIntervalSchedule } from '../../src/schedule/interval-schedule.ts';
import { SLOT_MS, nextDueAt, phaseOffset } from '../../src/schedule/phase.ts';
import { realTimers, type Timers } from '../../src/schedule/timers.ts';
import { instant } from '../../src/time/iso.ts';
import { check } from '../probe/loopback.ts';

const T0 = instant('2026-11-16T09:00:00-05:00');

/** Timers driven by hand: `advance` runs what falls due, in order, moving the time with it. */
function manualTimers(start: number) {
  let now = start;
  let seq = 0;
  const pending = new Map<number, { at: number; callback: () => void }>();
  const timers: Timers = {
    now: () => now,
    setTimeout(callback, ms) {
      pending.set(++seq, { at: now + ms, callback });
      return seq;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const next = [...pending.entries()].sort((a, b) => a[1].at - b[1].at)[0];
        if (!next || next[1].at > until) break;
        pending.delete(next[0]);
        now = Math.max(now, next[1].at);
        next[1].callback();
      }
      now = until;
    },
    /** The process was busy: time passes, no timer runs. */
    stall(ms: number) {
      now += ms;
    },
    pendingCount: () => pending.size,
  };
}

describe('spreading checks over their interval', () => {
  it('gives each check a fixed offset, the same at every start', () => {
    expect(phaseOffset('acme-web', 10_000)).toBe(phaseOffset('acme-web', 10_000));
    expect(phaseOffset('acme-web', 10_000)).not.toBe(phaseOffset('acme-web-2', 10_000));
    expect(phaseOffset('anything', 1)).toBe(0);
  });

  it('spreads 1,000 checks at the same interval over its slots: a few per 100 ms slot, never all at once', () => {
    const perSlot = new Map<number, number>();
    for (let i = 0; i < 1000; i++) {
      const offset = phaseOffset(`check-${i}`, 10_000);
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(10_000);
      expect(offset % SLOT_MS).toBe(0);
      perSlot.set(offset, (perSlot.get(offset) ?? 0) + 1);
    }
    // 100 slots of 100 ms in 10 s, about 10 checks each: all used, none crowded.
    expect(perSlot.size).toBe(100);
    expect(Math.max(...perSlot.values())).toBeLessThanOrEqual(25);
    // Spread over the whole interval: every second of the 10 has its share (about 100).
    const perSecond = Array.from({ length: 10 }, (_, s) => [...perSlot].filter(([ms]) => Math.floor(ms / 1000) === s).reduce((n, [, c]) => n + c, 0));
    for (const count of perSecond) expect(count).toBeGreaterThan(50);
  });

  it('gives checks whose interval holds a single slot no offset', () => {
    expect(phaseOffset('acme-web', 150)).toBe(0);
    expect(phaseOffset('acme-web', 1_000) % SLOT_MS).toBe(0);
    expect(phaseOffset('acme-web', 1_000)).toBeLessThan(1_000);
  });

  it.each([
    // after, every, phase → next due
    [0, 10_000, 2_500, 2_500],
    [2_500, 10_000, 2_500, 12_500],
    [2_499, 10_000, 2_500, 2_500],
    [12_501, 10_000, 2_500, 22_500],
    [T0, 60_000, 0, T0 + 60_000],
  ])('after %i every %i with offset %i, the next turn is at %i', (after, every, phase, expected) => {
    expect(nextDueAt(after, every, phase)).toBe(expected);
  });

  it('keeps cron offsets within 10 % of the gap and at most 10 s', () => {
    expect(cronSpreadMs('*/15 * * * * *')).toBe(1_500);
    expect(cronSpreadMs('0 */5 * * * *')).toBe(10_000);
  });
});

describe('the due queue', () => {
  it('hands out entries earliest first', () => {
    const queue = new DueQueue<string>();
    for (const [key, dueAt] of [['c', 30], ['a', 10], ['e', 50], ['b', 20], ['d', 40], ['a2', 10]] as const) queue.push({ key, dueAt });
    const order: number[] = [];
    while (queue.size) order.push(queue.pop()!.dueAt);
    expect(order).toEqual([10, 10, 20, 30, 40, 50]);
  });
});

describe('the interval schedule', () => {
  it('fires each check every interval at its own offset, on one timer', () => {
    const clock = manualTimers(T0);
    const fired: Array<[string, number]> = [];
    const schedule = startIntervalSchedule(
      [{ id: 'a', everyMs: 10_000 }, { id: 'b', everyMs: 10_000 }, { id: 'c', everyMs: 30_000 }],
      (id, dueAt) => fired.push([id, dueAt]),
      clock.timers,
    );
    expect(clock.pendingCount()).toBe(1);
    clock.advance(60_000);
    schedule.stop();
    const of = (id: string) => fired.filter(([key]) => key === id).map(([, at]) => at);
    expect(of('a')).toHaveLength(6);
    expect(of('c')).toHaveLength(2);
    for (const id of ['a', 'b']) {
      const times = of(id);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(10_000);
      expect(times[0]! % 10_000).toBe(phaseOffset(id, 10_000));
    }
    expect(clock.pendingCount()).toBe(0);
  });

  it('never waits for the work it starts: a hung probe does not hold up the others', () => {
    const clock = manualTimers(T0);
    const fired: string[] = [];
    const schedule = startIntervalSchedule(
      [{ id: 'hung', everyMs: 5_000 }, { id: 'healthy', everyMs: 5_000 }],
      (id) => {
        fired.push(id);
        if (id === 'hung') void new Promise(() => undefined);
      },
      clock.timers,
    );
    clock.advance(20_000);
    schedule.stop();
    expect(fired.filter((id) => id === 'healthy')).toHaveLength(4);
  });

  it('after a stall longer than the interval, fires a late check once and counts the turns it skipped', () => {
    const clock = manualTimers(T0);
    const fired: number[] = [];
    const schedule = startIntervalSchedule([{ id: 'a', everyMs: 10_000 }], (_id, dueAt) => fired.push(dueAt), clock.timers);
    clock.advance(10_000);
    expect(fired).toHaveLength(1);
    clock.stall(35_000);
    clock.advance(0);
    expect(fired).toHaveLength(2);
    expect(schedule.missed).toBe(3);
    clock.advance(10_000);
    expect(fired).toHaveLength(3);
    expect(fired[2]! - fired[1]!).toBe(40_000);
    schedule.stop();
  });
});

describe('cron schedules', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fire through node-cron at each slot plus the check’s offset', async () => {
    vi.useFakeTimers({ now: T0 });
    const fired: number[] = [];
    const schedule = scheduleChecks([check('http://127.0.0.1:9/', { id: 'cron-check', everyMs: null, cron: '*/15 * * * * *' })], (_id, dueAt) => fired.push(dueAt), {
      timeZone: 'America/Toronto',
      timers: realTimers,
    });
    // Past the fourth slot and its offset (less than the 1.5 s spread), short of the fifth.
    await vi.advanceTimersByTimeAsync(60_000 + 1_500);
    schedule.stop();
    const offset = phaseOffset('cron-check', 1_500);
    expect(fired).toEqual([1, 2, 3, 4].map((n) => T0 + n * 15_000 + offset));
  });
});
