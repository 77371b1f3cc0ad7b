import cron, { type ScheduledTask } from 'node-cron';
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

export function cronSpreadMs(expression: string): number {
  return Math.min(MAX_CRON_SPREAD_MS, Math.floor(nominalIntervalMs({ everyMs: null, cron: expression }) / 10));
}

/**
 * Fires checks whose `every` is a cron expression (seconds field allowed), through node-cron,
 * in the given time zone (the default calendar's: "0 9 * * 1-5" means 09:00 business time).
 *
 * One node-cron task per distinct expression, not per check: node-cron computes each task's
 * next match on its own timer, and measured with 500 checks sharing "*\/10 * * * * *", one task
 * each cost ~7 ms of CPU per turn and turns arriving over a second late were dropped as missed.
 * Grouped, the cost is per expression and each check's turn is a plain timer at its offset.
 */
export function startCronSchedule(entries: readonly CronEntry[], onDue: OnDue, timers: Timers, timeZone: string): RunningSchedule {
  const tasks: ScheduledTask[] = [];
  const pending = new Set<unknown>();
  let stopped = false;
  const byExpression = new Map<string, Array<{ id: string; offset: number }>>();
  for (const entry of entries) {
    const group = byExpression.get(entry.cron) ?? [];
    group.push({ id: entry.id, offset: phaseOffset(entry.id, cronSpreadMs(entry.cron)) });
    byExpression.set(entry.cron, group);
  }
  for (const [expression, group] of byExpression) {
    const task = cron.createTask(
      expression,
      (context) => {
        const slot = context.date.getTime();
        for (const { id, offset } of group) {
          const dueAt = slot + offset;
          const handle = timers.setTimeout(() => {
            pending.delete(handle);
            if (!stopped) onDue(id, dueAt);
          }, Math.max(0, dueAt - timers.now()));
          pending.add(handle);
        }
      },
      { timezone: timeZone, name: `checks:${expression}` },
    );
    void task.start();
    tasks.push(task);
  }
  return {
    stop() {
      stopped = true;
      for (const task of tasks) void task.destroy();
      for (const handle of pending) timers.clearTimeout(handle);
      pending.clear();
    },
    // node-cron reports a missed slot to its own logger; the lag figures show late ones.
    missed: 0,
  };
}
