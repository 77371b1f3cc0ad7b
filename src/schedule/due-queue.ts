/** An entry of the queue: a key and when it is next due. */
export interface Due<K> {
  key: K;
  dueAt: number;
}

/**
 * A binary min-heap of due times: the earliest is always at hand, so one timer serves every
 * check whatever their number, and taking or re-adding an entry costs O(log n).
 */
export class DueQueue<K> {
  private readonly heap: Array<Due<K>> = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): Due<K> | undefined {
    return this.heap[0];
  }

  push(entry: Due<K>): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.dueAt <= entry.dueAt) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  pop(): Due<K> | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && heap[right]!.dueAt < heap[left]!.dueAt ? right : left;
      if (heap[child]!.dueAt >= last.dueAt) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
