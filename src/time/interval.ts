// Half-open interval algebra `[start, end)` over epoch milliseconds.
//
// Every operation except `normalize` takes *normalized* lists (sorted by start, disjoint,
// non-adjacent, no empty interval) and returns a normalized list, walking its inputs once
// like a merge: linear in the total length. Nothing here mutates its arguments.

export interface Interval {
  start: number;
  end: number;
}

/** Sorted, merged union of any list of intervals; empty and inverted intervals are dropped. */
export function normalize(list: readonly Interval[]): Interval[] {
  const kept = list.filter((i) => i.end > i.start);
  // Already-sorted input is the common case (clipped outages, calendar days): skip the sort.
  if (!isSortedByStart(kept)) kept.sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Interval[] = [];
  for (const i of kept) {
    const last = out[out.length - 1];
    // Touching intervals merge too: [a, b) ∪ [b, c) is the single interval [a, c).
    if (last && i.start <= last.end) {
      if (i.end > last.end) last.end = i.end;
    } else {
      out.push({ start: i.start, end: i.end });
    }
  }
  return out;
}

/** Union of two normalized lists, by merging them. */
export function union(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]!.start <= b[j]!.start) ? a[i++]! : b[j++]!;
    const last = out[out.length - 1];
    if (last && next.start <= last.end) {
      if (next.end > last.end) last.end = next.end;
    } else {
      out.push({ start: next.start, end: next.end });
    }
  }
  return out;
}

/** Instants in both lists. */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (start < end) out.push({ start, end });
    // Whichever ends first cannot meet anything further in the other list.
    if (x.end <= y.end) i++;
    else j++;
  }
  return out;
}

/** Instants of `a` that are not in `b`. */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const x of a) {
    let start = x.start;
    // Intervals of b ending before x begins can never cut x or any later interval of a.
    while (j < b.length && b[j]!.end <= start) j++;
    let k = j;
    // Every cut here ends after `start` (the skip above, then b's order), so it moves `start`
    // on; once past x.end, the next cut starts later still and ends the loop.
    while (k < b.length && b[k]!.start < x.end) {
      const cut = b[k]!;
      if (cut.start > start) out.push({ start, end: cut.start });
      start = cut.end;
      k++;
    }
    if (start < x.end) out.push({ start, end: x.end });
  }
  return out;
}

/** The part of a normalized list inside one window. */
export function clip(list: readonly Interval[], window: Interval): Interval[] {
  if (window.end <= window.start) return [];
  return intersect(list, [window]);
}

/** Total length in milliseconds. */
export function measure(list: readonly Interval[]): number {
  let total = 0;
  for (const i of list) total += i.end - i.start;
  return total;
}

/** Whether instant `t` lies in a normalized list (binary search). */
export function contains(list: readonly Interval[], t: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const i = list[mid]!;
    if (t < i.start) hi = mid - 1;
    else if (t >= i.end) lo = mid + 1;
    else return true;
  }
  return false;
}

function isSortedByStart(list: readonly Interval[]): boolean {
  for (let k = 1; k < list.length; k++) if (list[k]!.start < list[k - 1]!.start) return false;
  return true;
}
