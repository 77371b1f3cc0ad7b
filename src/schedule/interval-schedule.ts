import { DueQueue } from './due-queue.ts';
import { nextDueAt, phaseOffset } from './phase.ts';
import type { Timers } from './timers.ts';

export interface IntervalEntry {
  readonly id: string;
  readonly everyMs: number;
}

/** Called for each due check; must return at once (the probe itself runs elsewhere). */
export type OnDue = (id: string, dueAt: number) => void;

export interface RunningSchedule {
  stop(): void;
  /** Due times passed over because the process was stalled for more than an interval. */
  readonly missed: number;
}

/**
 * Fires fixed-interval checks (`every: 1s` … `1h`) at `k × every + offset`, with the offset
 * fixed per check (see phase.ts). One timer, armed for the earliest due time of a heap: 2,000
 * checks cost one pending timer, not 2,000. The callback only starts work, so a slow or hung
 * target cannot hold up another check's turn. A check whose due time passed while the process
 * was stalled fires once, late, and then resumes its rhythm; the skipped turns are counted.
 *
 * The heap holds slots, not checks: the checks of one interval and offset are due together, so
 * they share an entry (at 50,000 checks every 10 s, 100 entries of 500 checks rather than
 * 50,000 entries each popped and pushed back at its turn). Within a slot, checks fire in the
 * order they were given.
 */
export function startIntervalSchedule(entries: readonly IntervalEntry[], onDue: OnDue, timers: Timers): RunningSchedule {
  const queue = new DueQueue<{ everyMs: number; phase: number; ids: string[] }>();
  const start = timers.now();
  const slots = new Map<string, { everyMs: number; phase: number; ids: string[] }>();
  for (const entry of entries) {
    const phase = phaseOffset(entry.id, entry.everyMs);
    const name = `${entry.everyMs}:${phase}`;
    const slot = slots.get(name);
    if (slot) slot.ids.push(entry.id);
    else slots.set(name, { everyMs: entry.everyMs, phase, ids: [entry.id] });
  }
  for (const slot of slots.values()) queue.push({ key: slot, dueAt: nextDueAt(start, slot.everyMs, slot.phase) });
  let handle: unknown = null;
  let stopped = false;
  let missed = 0;

  const fire = () => {
    handle = null;
    const now = timers.now();
    for (let next = queue.peek(); next && next.dueAt <= now; next = queue.peek()) {
      const due = queue.pop()!;
      for (const id of due.key.ids) {
        onDue(id, due.dueAt);
        if (stopped) return;
      }
      const following = nextDueAt(Math.max(due.dueAt, now), due.key.everyMs, due.key.phase);
      missed += Math.max(0, Math.round((following - due.dueAt) / due.key.everyMs) - 1) * due.key.ids.length;
      due.dueAt = following;
      queue.push(due);
    }
    arm();
  };
  const arm = () => {
    const next = queue.peek();
    if (stopped || !next) return;
    handle = timers.setTimeout(fire, Math.max(0, next.dueAt - timers.now()));
  };
  arm();

  return {
    stop() {
      stopped = true;
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
    },
    get missed() {
      return missed;
    },
  };
}
