import { describe, expect, it } from 'vitest';
import { ProbeAbort } from '../../src/probe/probe-abort.ts';

describe("a probe's abort", () => {
  it('calls its listener once with the first reason; a listener taken back is not called', () => {
    const abort = new ProbeAbort();
    const heard: string[] = [];
    const first = (reason: Error) => heard.push(`first: ${reason.message}`);
    abort.listen(first);
    abort.unlisten(first);
    abort.listen((reason) => heard.push(`second: ${reason.message}`));
    expect(abort.aborted).toBe(false);
    abort.abort(new Error('deadline'));
    abort.abort(new Error('stopping'));
    expect(heard).toEqual(['second: deadline']);
    expect(abort.aborted).toBe(true);
    expect(abort.reason?.message).toBe('deadline');
  });

  it('refuses a second listener while one is held: a kind waits on one thing at a time', () => {
    const abort = new ProbeAbort();
    abort.listen(() => undefined);
    expect(() => abort.listen(() => undefined)).toThrow('once at a time');
  });
});
