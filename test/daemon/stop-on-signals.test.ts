import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { stopOnSignals, type SignalTarget } from '../../src/daemon/stop-on-signals.ts';

// SIGTERM/SIGINT: a clean stop, bounded; a second request exits at once, while the duplicate
// SIGINT of a Ctrl-C under npm (milliseconds later) is the same request. The process, its
// timers and its monotonic time are stand-ins the test drives.

function harness(stop: () => Promise<void>) {
  const signals = new EventEmitter();
  const exits: number[] = [];
  const lines: string[] = [];
  const timeouts = new Map<number, () => void>();
  let next = 0;
  let now = 0;
  const stopped = stopOnSignals(
    { stop },
    {
      boundMs: () => 10_000,
      exit: (code) => void exits.push(code),
      log: (line) => void lines.push(line),
      signals: signals as unknown as SignalTarget,
      startedByNpm: false,
      timers: {
        now: () => now,
        setTimeout: (callback) => (timeouts.set(++next, callback), next),
        clearTimeout: (handle) => void timeouts.delete(handle as number),
      },
    },
  );
  return { signals, exits, lines, timeouts, stopped, advance: (ms: number) => void (now += ms), fireTimers: () => [...timeouts.values()].forEach((callback) => callback()) };
}

const never = () => new Promise<void>(() => undefined);

describe('stopping on a signal', () => {
  it('stops cleanly on SIGTERM, saying how long it may take', async () => {
    let stops = 0;
    const h = harness(async () => void stops++);
    h.signals.emit('SIGTERM');
    await h.stopped;
    expect(stops).toBe(1);
    expect(h.exits).toEqual([]);
    expect(h.lines[0]).toMatch(/^SIGTERM: stopping.*at most 10000 ms/);
    // Stopped, but something still holds the process open past the bound: it exits with 0.
    expect(h.timeouts.size).toBe(1);
    h.fireTimers();
    expect(h.exits).toEqual([0]);
  });

  it('exits at once on a second SIGTERM or SIGINT while the stop hangs', () => {
    for (const [second, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
      const h = harness(never);
      h.signals.emit('SIGTERM');
      h.advance(2_000);
      expect(h.exits).toEqual([]);
      h.signals.emit(second);
      expect(h.exits).toEqual([code]);
    }
  });

  it('takes the duplicate SIGINT of a Ctrl-C under npm for the same request, and stops once', () => {
    let stops = 0;
    const h = harness(() => {
      stops++;
      return never();
    });
    h.signals.emit('SIGINT');
    h.advance(5);
    h.signals.emit('SIGINT');
    expect(stops).toBe(1);
    expect(h.exits).toEqual([]);
  });

  it('exits with code 1 when the stop has not finished within its bound', () => {
    const h = harness(never);
    h.signals.emit('SIGINT');
    expect(h.timeouts.size).toBe(1);
    h.fireTimers();
    expect(h.exits).toEqual([1]);
    expect(h.lines.at(-1)).toBe('stop did not finish within 10000 ms: exiting');
  });
});
