import { describe, expect, it } from 'vitest';
import { offAbort, onAbort } from '../../src/probe/abort-fanout.ts';

describe('listeners on a long-lived signal', () => {
  it('are called once each, in the order they were added, when it aborts; those taken off are not', () => {
    const controller = new AbortController();
    const calls: string[] = [];
    const first = () => calls.push('first');
    const second = () => calls.push('second');
    const gone = () => calls.push('gone');
    onAbort(controller.signal, first);
    onAbort(controller.signal, gone);
    onAbort(controller.signal, second);
    offAbort(controller.signal, gone);
    controller.abort();
    controller.abort();
    expect(calls).toEqual(['first', 'second']);
  });

  it('add a single listener to the signal however many are added', () => {
    const controller = new AbortController();
    let added = 0;
    const original = controller.signal.addEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<typeof original>) => {
      added++;
      original(...args);
    }) as typeof original;
    for (let i = 0; i < 1000; i++) onAbort(controller.signal, () => undefined);
    expect(added).toBe(1);
  });
});
