import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.ts';
import { parseConfig } from '../../src/config/parse-config.ts';

// Support clocks (rule 8) the calendar cannot run: a zero clock is due at once, and a clock of
// centuries made every incident opening throw, so that the prober could write no result.

function issuesOf(top: string): string[] {
  try {
    parseConfig(`${top}\nenvironments:\n  - { id: p, name: P, type: production, checks: [{ id: c, url: "https://a.example/" }] }\n`, 'c.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  return [];
}

describe('support clocks and the business day', () => {
  it('refuses clocks of zero or of more than 366 days, and a business day outside 1ms–24h', () => {
    expect(issuesOf('incidents:\n  clocks:\n    I: { response: 30m, resolution: 99999d }')).toEqual([
      'incidents.clocks.I.resolution: "99999d" is longer than 366 days',
    ]);
    expect(issuesOf('incidents:\n  clocks:\n    II: { response: 1h, resolution: 100000 business days }')).toEqual([
      'incidents.clocks.II.resolution: "100000 business days" must be from 1 to 366 business days',
    ]);
    expect(issuesOf('incidents:\n  clocks:\n    III: { response: 1h, resolution: 0 business days }')).toEqual([
      'incidents.clocks.III.resolution: "0 business days" must be from 1 to 366 business days',
    ]);
    expect(issuesOf('calendar:\n  businessDay: 0ms')).toEqual(['calendar.businessDay: must be from 1ms to 24h']);
    expect(issuesOf('calendar:\n  businessDay: 25h')).toEqual(['calendar.businessDay: must be from 1ms to 24h']);
  });

  it('accepts the contract clocks and their written forms', () => {
    expect(
      issuesOf(
        'calendar:\n  businessDay: 8h\nincidents:\n  clocks:\n    I: { response: 30m, resolution: 4h }\n    II: { response: 60m, resolution: 2 business days }\n    III: { response: 90m, resolution: 10 business days }\n    IV: { response: 24h elapsed, resolution: null }',
      ),
    ).toEqual([]);
  });
});
