import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { instant } from '../../src/time/iso.ts';
import { configIssues } from '../support/config-issues.ts';

const minimal = (checks: string, extra = '') => `
${extra}
environments:
  - id: acme-prod
    name: Acme
    type: production
    checks:
${checks}
`;


describe('parseConfig', () => {
  it('reads the sample configuration shipped with the project', () => {
    const config = parseConfig(readFileSync('monitor.config.yaml', 'utf8'));
    const production = config.environments.filter((e) => e.type === 'production');
    expect(production.length).toBeGreaterThanOrEqual(2);
    expect(config.environments.map((e) => e.type)).toEqual(expect.arrayContaining(['training', 'staging']));
    expect(config.environments.flatMap((e) => e.checks).some((c) => c.role === 'feature')).toBe(true);
    expect(Object.isFrozen(config.environments[0]!.checks[0])).toBe(true);
  });

  it('gives each check the expectation it sets, checks expecting the same sharing one frozen value', () => {
    const config = parseConfig(
      minimal(
        [
          '      - { id: a, url: "https://a.example" }',
          '      - { id: b, url: "https://b.example" }',
          '      - { id: c, url: "https://c.example", expect: { body: "null" } }',
          '      - { id: d, url: "https://d.example", expect: { body: " true" } }',
          '      - { id: e, url: "https://e.example", expect: { status: [200, "300-302"] } }',
          '      - { id: f, url: "https://f.example", expect: { status: ["200-399"], body: "ok" } }',
          '      - { id: g, url: "https://g.example", expect: { status: ["200-399"], body: "ok" } }',
        ].join('\n'),
      ),
    );
    const [a, b, c, d, e, f, g] = config.environments[0]!.checks;
    const anyAnswer = [{ from: 200, to: 399 }];
    expect([a, b, c, d, e, f, g].map((check) => check!.expect)).toEqual([
      { status: anyAnswer, body: null },
      { status: anyAnswer, body: null },
      { status: anyAnswer, body: 'null' },
      { status: anyAnswer, body: ' true' },
      { status: [{ from: 200, to: 200 }, { from: 300, to: 302 }], body: null },
      { status: anyAnswer, body: 'ok' },
      { status: anyAnswer, body: 'ok' },
    ]);
    expect(b!.expect).toBe(a!.expect);
    expect(g!.expect).toBe(f!.expect);
    expect(Object.isFrozen(a!.expect.status[0])).toBe(true);
  });

  it('fills the defaults of docs/configuration.md', () => {
    const config = parseConfig(minimal('      - { id: web, url: "https://acme.example/health" }'));
    const check = config.environments[0]!.checks[0]!;
    expect(config.target).toBe(99);
    expect(check).toMatchObject({ role: 'availability', everyMs: 30_000, timeoutMs: 10_000, confirmAfter: 2, method: 'GET', kind: 'http' });
    expect(check.expect.status).toEqual([{ from: 200, to: 399 }]);
    expect(config.calendars.default!.timeZone).toBe('America/Toronto');
    expect(config.calendars.default!.holidayRegions).toEqual(['CA', 'CA-QC']);
    expect(config.calendars.default!.hours.sat).toEqual([]);
    expect(config.environments[0]!.slaStart).toBeNull();
    expect(config.retention).toEqual({ rawResultsDays: 30, latencyMinutesDays: 7 });
  });

  it('keeps latency minutes the days retention.latencyMinutesDays says, whole days from 1 to 3650', () => {
    expect(parseConfig(minimal('      - { id: web, url: "https://a.example" }', 'retention: { latencyMinutesDays: 2 }')).retention).toEqual({ rawResultsDays: 30, latencyMinutesDays: 2 });
    for (const days of ['0', '1.5', '3651', 'week']) {
      expect(configIssues(minimal('      - { id: web, url: "https://a.example" }', `retention: { latencyMinutesDays: ${days} }`))).toEqual([
        expect.stringMatching(/^retention\.latencyMinutesDays: /),
      ]);
    }
  });

  it('parses durations, status sets, TCP targets, cron schedules and slaStart', () => {
    const config = parseConfig(
      minimal(`      - { id: web, url: "https://a.example", every: 5m, timeout: 800ms, slowAfter: 300ms, expect: { status: [200, "300-302"], body: ok } }
      - { id: db, url: "tcp://db.example:5432", every: "*/15 * * * * *", timeout: 2s }`).replace('checks:', 'slaStart: "2026-03-01T00:00:00-05:00"\n    checks:'),
    );
    const [web, db] = config.environments[0]!.checks;
    expect(web).toMatchObject({ everyMs: 300_000, timeoutMs: 800, slowAfterMs: 300, expect: { status: [{ from: 200, to: 200 }, { from: 300, to: 302 }], body: 'ok' } });
    expect(db).toMatchObject({ kind: 'tcp', everyMs: null, cron: '*/15 * * * * *' });
    expect(config.environments[0]!.slaStart).toBe(instant('2026-03-01T05:00:00Z'));
  });

  it('reports every error at once, with its path and line', () => {
    const issues = configIssues(`
target: 99
colour: blue
environments:
  - id: acme-prod
    name: Acme
    type: prod
    slaStart: "2026-03-01T00:00:00"
    checks:
      - { id: web, url: "ftp://a.example", every: 10 seconds, confirmAfter: 0 }
`);
    expect(issues).toEqual(
      expect.arrayContaining([
        'colour: unknown key',
        expect.stringMatching(/^environments\[0\]\.type: /),
        expect.stringMatching(/^environments\[0\]\.slaStart: .*offset/),
        expect.stringMatching(/^environments\[0\]\.checks\[0\]\.url: only http/),
        expect.stringMatching(/^environments\[0\]\.checks\[0\]\.every: .*duration/),
        expect.stringMatching(/^environments\[0\]\.checks\[0\]\.confirmAfter: /),
      ]),
    );
    try {
      parseConfig('target: 99\ncolour: blue\nenvironments: []\n', 'c.yaml');
    } catch (error) {
      expect((error as Error).message).toContain('c.yaml:2: colour: unknown key');
    }
  });

  it('rejects duplicate ids, every not longer than timeout, sub-second schedules and unknown calendars', () => {
    const issues = configIssues(`
environments:
  - id: acme-prod
    name: Acme
    type: production
    calendar: nights
    checks:
      - { id: web, url: "https://a.example", every: 10s, timeout: 10s }
      - { id: web, url: "https://b.example", every: 500ms, timeout: 100ms }
  - id: acme-prod
    name: Acme again
    type: staging
    checks:
      - { id: feat, url: "https://c.example", role: feature }
`);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^environments\[0\]\.calendar: no calendar named "nights"/),
        expect.stringMatching(/^environments\[0\]\.checks\[0\]\.every: must be longer than timeout/),
        expect.stringMatching(/^environments\[0\]\.checks\[1\]\.id: duplicate check id/),
        expect.stringMatching(/^environments\[1\]\.id: duplicate environment id/),
        expect.stringMatching(/^environments\[1\]\.checks\[0\]\.feature: /),
      ]),
    );
    expect(configIssues(minimal('      - { id: web, url: "https://a.example", every: 500ms, timeout: 100ms }'))).toEqual([
      expect.stringMatching(/^environments\[0\]\.checks\[0\]\.every: must be between 1s and 1h/),
    ]);
  });

  it('validates calendars: zones, hours, holiday regions and dates', () => {
    const issues = configIssues(
      minimal(
        '      - { id: web, url: "https://a.example" }',
        `calendar:
  timeZone: Mars/Olympus
  hours: { mon: "17:00-09:00", tue: [ "09:00-12:00", "11:00-17:00" ] }
  holidays: { regions: [CA-ZZ], types: [public, feast] }
  extraClosures: [2026-02-30]`,
      ),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^calendar\.timeZone: /),
        expect.stringMatching(/^calendar\.hours\.mon: /),
        expect.stringMatching(/^calendar\.hours\.tue: .*overlap/),
        expect.stringMatching(/^calendar\.holidays\.regions\[0\]: /),
        expect.stringMatching(/^calendar\.holidays\.types\[1\]: /),
        expect.stringMatching(/^calendar\.extraClosures\[0\]: /),
      ]),
    );
  });

  it('reads incident clocks written as business time, elapsed time or business days', () => {
    const config = parseConfig(
      minimal('      - { id: web, url: "https://a.example" }', 'incidents:\n  clocks:\n    II: { response: 45m, resolution: 3 business days }\n    IV: { response: 12h elapsed }'),
    );
    expect(config.incidentClocks.II).toEqual({ response: { ms: 2_700_000, clock: 'business' }, resolution: { businessDays: 3, clock: 'business' } });
    expect(config.incidentClocks.IV).toEqual({ response: { ms: 43_200_000, clock: 'elapsed' }, resolution: null });
  });

  it('reports YAML syntax errors with their line', () => {
    expect(() => parseConfig('environments:\n  - id: [unclosed\n', 'c.yaml')).toThrow(/c\.yaml:\d+: /);
  });
});
