// CPU time of processes as Linux accounts it (/proc/PID/stat), for benches that compare processes
// measured over the same window.
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_S = 100; // USER_HZ on Linux

/** Fields of /proc/PID/stat after "pid (comm) ": state is 0, utime 11, stime 12, cutime 13, cstime 14. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Every live process under `root`, itself included. */
function descendants(root: number): number[] {
  const byParent = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (!fields) continue;
    const parent = Number(fields[1]);
    byParent.set(parent, [...(byParent.get(parent) ?? []), Number(entry)]);
  }
  const found = [root];
  for (let i = 0; i < found.length; i++) found.push(...(byParent.get(found[i]!) ?? []));
  return found;
}

/**
 * CPU milliseconds of `root` and its live descendants, plus the children it has reaped (their
 * whole lives): a server forking a backend per connection (PostgreSQL) counts the backends that
 * ended too.
 */
export function cpuMsOfTree(root: number): number {
  let ticks = 0;
  for (const pid of descendants(root)) {
    const fields = statFields(pid);
    if (!fields) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
    if (pid === root) ticks += Number(fields[13]) + Number(fields[14]);
  }
  return (ticks * 1000) / TICKS_PER_S;
}
