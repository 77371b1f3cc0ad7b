import cron from 'node-cron';
import type { OnDue, RunningSchedule } from './interval-schedule.ts';
import { nominalIntervalMs } from './nominal-interval.ts';
import { phaseOffset } from './phase.ts';
import type { Timers } from './timers.ts';

export interface CronEntry {
  readonly id: string;
  readonly cron: string;
}

// A cron check fires a little after its slot: by a fixed per-check offset of at most 10 % of
// its longest gap and never more than 10 s, so checks sharing an expression are spread while
// staying close to the time written.
const MAX_CRON_SPREAD_MS = 10_000;

// The longest single wait: a wall clock set back or forward meanwhile is noticed within it.
const MAX_WAIT_MS = 60_000;

export function cronSpreadMs(expression: string): number {
  return Math.min(MAX_CRON_SPREAD_MS, Math.floor(nominalIntervalMs({ everyMs: null, cron: expression }) / 10));
}

/**
 * Fires checks whose `every` is a cron expression (seconds field allowed), in the given time
 * zone (the default calendar's: "0 9 * * 1-5" means 09:00 business time).
 *
 * Slots are wall-clock times, found by node-cron's matcher; the waits between them are
 * monotonic timers. node-cron's own runner re-arms for "next slot − wall now", so a clock set
 * back an hour held every cron check for that hour. Here a wait never exceeds the time to the
 * slot as it was computed (nor a minute); on waking before the slot by the wall clock, the next
 * slot is looked up again from the wall time now, so a step back costs at most one period.
 *
 * One matcher per distinct expression, not per check: with 500 checks sharing "*\/10 * * * * *",
 * one node-cron task each cost ~7 ms of CPU per turn. Each check's turn is a plain timer at its
 * offset after the slot.
 */
export function startCronSchedule(entries: readonly CronEntry[], onDue: OnDue, timers: Timers, timeZone: string): RunningSchedule {
  const wallNow = () => timers.wallNow?.() ?? Date.now();
  const pending = new Set<unknown>();
  const stops: Array<() => void> = [];
  let stopped = false;
  const byExpression = new Map<string, Array<{ id: string; offset: number }>>();
  for (const entry of entries) {
    const group = byExpression.get(entry.cron) ?? [];
    group.push({ id: entry.id, offset: phaseOffset(entry.id, cronSpreadMs(entry.cron)) });
    byExpression.set(entry.cron, group);
  }
  for (const [expression, group] of byExpression) {
    // Never started: only its matcher is used (the next slot after the wall time now).
    const matcher = cron.createTask(expression, () => undefined, { timezone: timeZone, name: `checks:${expression}` });
    const nextSlot = () => matcher.getNextRuns(1)[0]?.getTime() ?? null;
    let slot = nextSlot();
    let handle: unknown = null;
    const fire = (slotAt: number, wall: number) => {
      // Where the slot falls on the monotonic clock: late wakes still measure their lag.
      const slotOnSchedule = timers.now() - (wall - slotAt);
      for (const { id, offset } of group) {
        const dueAt = slotOnSchedule + offset;
        const turn = timers.setTimeout(() => {
          pending.delete(turn);
          if (!stopped) onDue(id, dueAt);
        }, Math.max(0, dueAt - timers.now()));
        pending.add(turn);
      }
    };
    const wake = () => {
      handle = null;
      if (stopped || slot === null) return;
      const wall = wallNow();
      if (wall >= slot) {
        fire(slot, wall);
        // Slots passed over while the process was stalled are not made up: the lag shows them.
        slot = nextSlot();
      } else {
        // Woken before the slot by the wall clock: the wait was capped, or the clock was set
        // back. The next slot from the wall time now is the one to wait for.
        slot = nextSlot();
      }
      arm();
    };
    const arm = () => {
      if (stopped || slot === null) return;
      handle = timers.setTimeout(wake, Math.min(MAX_WAIT_MS, Math.max(0, slot - wallNow())));
    };
    arm();
    stops.push(() => {
      if (handle !== null) timers.clearTimeout(handle);
      void matcher.destroy();
    });
  }
  return {
    stop() {
      stopped = true;
      for (const stop of stops) stop();
      for (const handle of pending) timers.clearTimeout(handle);
      pending.clear();
    },
    // Late turns show in the lag figures; slots passed over are not counted here.
    missed: 0,
  };
}

