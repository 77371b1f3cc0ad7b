import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { judgeClock } from '../../src/lease/clock-offset.ts';
import { readDatabaseClock } from '../../src/lease/database-clock.ts';
import type { Store } from '../../src/store/store.ts';
import { storeBackends } from '../support/store-backends.ts';

// A prober whose host clock is far from the database's would stamp its results, outages and
// gaps with wrong times: its results are refused. The comparison says "off" only when certain.

const T = Date.parse('2026-03-10T09:00:00-04:00');

describe('judging a host clock against the database clock', () => {
  it.each([
    // sentAt, databaseNow, receivedAt, bound → verdict, offset, uncertainty
    ['in step', T, T + 5, T + 10, 1_000, 'ok', 0, 5],
    ['ahead, within the bound', T, T - 900, T + 10, 1_000, 'ok', 905, 5],
    ['ahead by more than the bound whatever the round trip', T, T - 2_000, T + 10, 1_000, 'off', 2_005, 5],
    ['behind by more than the bound', T, T + 5_000, T + 10, 1_000, 'off', -4_995, 5],
    ['exactly at the bound, with no round trip', T, T - 1_000, T, 1_000, 'ok', 1_000, 0],
    ['a hair past the bound, with no round trip', T, T - 1_001, T, 1_000, 'off', 1_001, 0],
    ['past the bound only if the database answered late in a slow round trip', T, T - 800, T + 1_000, 1_000, 'unknown', 1_300, 500],
    ['past the bound even had the database answered at once, in a slow round trip', T, T - 1_200, T + 1_000, 1_000, 'off', 1_700, 500],
    ['within the bound only if the answer came late in a slow round trip', T, T + 300, T + 2_000, 1_000, 'unknown', 700, 1_000],
  ])('%s', (_, sentAt, databaseNow, receivedAt, bound, verdict, offsetMs, uncertaintyMs) => {
    expect(judgeClock({ sentAt, databaseNow, receivedAt }, bound)).toEqual({ verdict, offsetMs, uncertaintyMs });
  });

  it('refuses a negative bound and a reading that ends before it starts', () => {
    expect(() => judgeClock({ sentAt: T, databaseNow: T, receivedAt: T }, -1)).toThrow(RangeError);
    expect(() => judgeClock({ sentAt: T, databaseNow: T, receivedAt: T - 1 }, 1_000)).toThrow(/stepped back/);
  });
});

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`the database clock read on ${backend.unavailable ?? backend.name}`, () => {
    let opened: { store: Store; close(): Promise<void> };
    beforeEach(async () => {
      opened = await backend.open();
    });
    afterEach(() => opened?.close());

    it("finds this host in step with the database it runs beside, and a host an hour ahead off", async () => {
      const reading = await readDatabaseClock(opened.store);
      expect(reading.sentAt).toBeLessThanOrEqual(reading.receivedAt);
      expect(judgeClock(reading, 1_000).verdict).toBe('ok');
      const ahead = await readDatabaseClock(opened.store, () => Date.now() + 3_600_000);
      const verdict = judgeClock(ahead, 1_000);
      expect(verdict.verdict).toBe('off');
      expect(Math.round(verdict.offsetMs / 60_000)).toBe(60);
    });
  });
}
