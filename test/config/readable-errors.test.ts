import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { configIssues, withCheck } from '../support/config-issues.ts';

// check-config lists every problem once, saying what is wrong: no bare "Invalid input" where a
// value could be one of several forms, and no second, nonsensical line after a wrong type.


describe('configuration errors people can act on', () => {
  it('says why an opening, a status or a schedule written in one of several forms is wrong', () => {
    const issues = configIssues(
      withCheck('{ id: web, url: "https://a.example/", expect: { status: 999 } }', 'calendar:\n  hours:\n    mon: 17:00-09:00\n    tue: 9'),
    );
    expect(issues).toEqual([
      'calendar.hours.mon: "17:00-09:00" is not an opening such as 09:00-17:00 (24:00 allowed as an end)',
      'calendar.hours.tue: Invalid input: expected "closed" or string or array, received number',
      'environments[0].checks[0].expect.status: "999" is not a range of HTTP status codes (100–599)',
    ]);
    expect(configIssues(withCheck('{ id: web, url: "https://a.example/", expect: { status: [200, "500-200"] } }'))).toEqual([
      'environments[0].checks[0].expect.status: [1]: "500-200" is not a range of HTTP status codes (100–599)',
    ]);
  });

  it('reports a value of the wrong type once, and a missing one as required', () => {
    const issues = configIssues(`
environments:
  - id: acme-prod
    name: []
    type: production
    checks:
      - { id: web }
`);
    expect(issues).toEqual(['environments[0].name: Invalid input: expected string, received array', 'environments[0].checks[0].url: required']);
    expect(configIssues('')).toEqual(['environments: required']);
  });

  it('refuses a zero timeout (such a check could never succeed) and one over an hour', () => {
    expect(configIssues(withCheck('{ id: web, url: "https://a.example/", timeout: 0ms }'))).toEqual([
      'environments[0].checks[0].timeout: must be at least 1ms',
    ]);
    expect(configIssues(withCheck('{ id: web, url: "https://a.example/", every: "0 * * * * *", timeout: 2h }'))).toEqual([
      'environments[0].checks[0].timeout: must be at most 1h',
    ]);
  });
});

describe('a calendar that never opens', () => {
  it('is refused: business time could never elapse, so no deadline could be computed and the prober could write nothing', () => {
    const closed = 'hours: { mon: closed, tue: closed, wed: closed, thu: closed, fri: closed }';
    expect(configIssues(withCheck('{ id: web, url: "https://a.example/" }', `calendar:\n  ${closed}`))).toEqual([
      'calendar.hours: closed every day of the week: business time could never elapse; open at least one day',
    ]);
    expect(configIssues(withCheck('{ id: web, url: "https://a.example/" }', `calendars:\n  night:\n    ${closed}`))).toEqual([
      'calendars.night.hours: closed every day of the week: business time could never elapse; open at least one day',
    ]);
    // One opening day is enough.
    expect(() => parseConfig(withCheck('{ id: web, url: "https://a.example/" }', 'calendar:\n  hours: { mon: closed, tue: closed, wed: closed, thu: closed, fri: closed, sun: 10:00-12:00 }'))).not.toThrow();
  });
});
