import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { shortestCronPeriodMs } from '../../src/schedule/nominal-interval.ts';
import { configIssues, withCheck } from '../support/config-issues.ts';

// "every must be longer than timeout" holds for cron schedules too, by their closest pair of
// firings: a dead target checked every second with a 10 s timeout never became an outage.

describe('a cron schedule against the timeout', () => {
  it.each([
    { every: '* * * * * *', timeout: '10s', closest: '1s' },
    { every: '*/10 * * * * *', timeout: '10s', closest: '10s' },
    { every: '0,5 9 * * 1-5', timeout: '10m', closest: '5m' },
  ])('refuses "$every" with timeout $timeout, naming the field and the closest gap ($closest)', ({ every, timeout, closest }) => {
    expect(configIssues(withCheck(`{ id: web, url: "https://a.example", every: "${every}", timeout: ${timeout} }`))).toEqual([
      `environments[0].checks[0].every: must be longer than timeout: "${every}" fires ${closest} apart at its closest (${closest} ≤ ${timeout})`,
    ]);
  });

  it.each([
    { every: '*/15 * * * * *', timeout: '10s' },
    { every: '0 9 * * 1-5', timeout: '1h' },
    { every: '*/5 * * * *', timeout: '10s' },
  ])('accepts "$every" with timeout $timeout', ({ every, timeout }) => {
    expect(() => parseConfig(withCheck(`{ id: web, url: "https://a.example", every: "${every}", timeout: ${timeout} }`))).not.toThrow();
  });

  it('finds the closest pair of an irregular schedule, not its usual gap', () => {
    expect(shortestCronPeriodMs('0 0,1 9 * * *')).toBe(60_000);
    expect(shortestCronPeriodMs('0 9 * * 1-5')).toBe(86_400_000);
  });
});
