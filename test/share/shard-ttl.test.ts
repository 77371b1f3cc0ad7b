import { describe, expect, it } from 'vitest';
import type { CheckConfig } from '../../src/config/types.ts';
import { shardLeaseTtlMs } from '../../src/share/shard-ttl.ts';

const every = (ms: number) => ({ everyMs: ms, cron: null }) as unknown as CheckConfig;
const cron = (expression: string) => ({ everyMs: null, cron: expression }) as unknown as CheckConfig;

describe('how long a shard lease lasts', () => {
  it('is 0.6 of the shortest interval the location probes', () => {
    expect(shardLeaseTtlMs([every(30_000), every(10_000), every(3_600_000)])).toBe(6_000);
    expect(shardLeaseTtlMs([every(4_000)])).toBe(2_400);
  });

  it('takes a cron schedule at its closest firings', () => {
    // Every 5 s from second 0 to 10, then nothing until the next minute: 5 s apart at the closest.
    expect(shardLeaseTtlMs([every(60_000), cron('0,5,10 * * * * *')])).toBe(3_000);
  });

  it('is at least 2 s and at most 60 s, and 60 s for a location with no checks', () => {
    expect(shardLeaseTtlMs([every(1_000)])).toBe(2_000);
    expect(shardLeaseTtlMs([every(3_600_000)])).toBe(60_000);
    expect(shardLeaseTtlMs([])).toBe(60_000);
  });
});
