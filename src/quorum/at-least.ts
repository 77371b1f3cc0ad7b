import type { Interval } from '../time/interval.ts';

/**
 * The instants covered by at least `k` of the given normalized lists, as a normalized list.
 *
 * A sweep over every boundary: +1 where a list's interval starts, −1 where it ends. Half-open
 * intervals make an end and a start at the same instant cancel (the count never dips between
 * `[a, b)` and `[b, c)`), so ends are applied before starts at equal instants and the runs where
 * the count stays at or above `k` are merged when they touch. Pure; linear after the sort.
 */
export function atLeast(lists: readonly (readonly Interval[])[], k: number): Interval[] {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`atLeast needs a whole k of at least 1, got ${k}`);
  if (k > lists.length) return [];
  const edges: [at: number, step: number][] = [];
  for (const list of lists) {
    for (const i of list) {
      edges.push([i.start, +1], [i.end, -1]);
    }
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Interval[] = [];
  let count = 0;
  let openedAt: number | null = null;
  for (const [at, step] of edges) {
    count += step;
    if (count >= k && openedAt === null) {
      const last = out[out.length - 1];
      // A run that resumes where the previous one ended is the same run.
      if (last && last.end === at) {
        out.pop();
        openedAt = last.start;
      } else {
        openedAt = at;
      }
    } else if (count < k && openedAt !== null) {
      // Never empty: at one instant every end comes before every start, so a run opened here
      // cannot close here.
      out.push({ start: openedAt, end: at });
      openedAt = null;
    }
  }
  return out;
}
