import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { configIssues } from '../support/config-issues.ts';

const withChecks = (checks: string) => `
environments:
  - id: acme-prod
    name: Acme
    type: production
    checks:
${checks}
`;

describe('certificateWarning', () => {
  it('is 14 days for https checks unless set, null (nothing to watch) for http and tcp, and `off` turns it off', () => {
    const config = parseConfig(
      withChecks(`      - { id: a, url: "https://a.example" }
      - { id: b, url: "https://b.example", certificateWarning: 30d }
      - { id: c, url: "https://c.example", certificateWarning: "off" }
      - { id: d, url: "http://d.example" }
      - { id: e, url: "tcp://e.example:5432" }`),
    );
    expect(config.environments[0]!.checks.map((check) => check.certificateWarningMs)).toEqual([14 * 86_400_000, 30 * 86_400_000, null, null, null]);
  });

  it('refuses a bad value, and a setting on a check without a certificate, naming the field', () => {
    expect(configIssues(withChecks('      - { id: a, url: "https://a.example", certificateWarning: soon }'))).toEqual([
      expect.stringMatching(/^environments\[0\]\.checks\[0\]\.certificateWarning: /),
    ]);
    expect(configIssues(withChecks('      - { id: a, url: "https://a.example", certificateWarning: 400d }'))).toEqual([
      'environments[0].checks[0].certificateWarning: must be at most 365d',
    ]);
    expect(configIssues(withChecks('      - { id: a, url: "http://a.example", certificateWarning: 7d }'))).toEqual([
      'environments[0].checks[0].certificateWarning: only https checks have a certificate to watch',
    ]);
  });
});
