import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { configIssues } from '../support/config-issues.ts';

// Several observers (docs/locations.md): where the data lives, the locations that probe, and
// the quorum of them that must agree. Every mistake is an error naming its field.

const config = (top: string, environment = '', checks = '      - { id: web, url: "https://a.example" }') => `
${top}
environments:
  - id: acme-prod
    name: Acme
    type: production
${environment}
    checks:
${checks}
`;

const checkOf = (text: string, n = 0) => parseConfig(text, 'c.yaml').environments[0]!.checks[n]!;

describe('locations and quorum', () => {
  it('is one implicit location with a quorum of 1 when the file names none (as before several observers)', () => {
    const parsed = parseConfig(config(''), 'c.yaml');
    expect(parsed.locations).toEqual(['default']);
    expect(parsed.database).toBeNull();
    expect(parsed.environments[0]).toMatchObject({ locations: ['default'], quorum: 1 });
    expect(checkOf(config(''))).toMatchObject({ locations: ['default'], quorum: 1 });
  });

  it('probes every check from every location by default, with a quorum of at least half of them', () => {
    expect(checkOf(config('locations: [mtl]'))).toMatchObject({ locations: ['mtl'], quorum: 1 });
    expect(checkOf(config('locations: [mtl, tor]'))).toMatchObject({ locations: ['mtl', 'tor'], quorum: 1 });
    expect(checkOf(config('locations: [mtl, tor, van]'))).toMatchObject({ locations: ['mtl', 'tor', 'van'], quorum: 2 });
    expect(checkOf(config('locations: [a, b, c, d]'))).toMatchObject({ quorum: 2 });
    expect(checkOf(config('locations: [a, b, c, d, e]'))).toMatchObject({ quorum: 3 });
  });

  it('lets an environment narrow the locations and set the quorum of its checks', () => {
    const text = config(
      'locations: [mtl, tor, van, cgy]',
      '    locations: [mtl, tor, van]\n    quorum: 2',
      '      - { id: web, url: "https://a.example" }\n      - { id: api, url: "https://b.example", locations: [mtl, tor] }\n      - { id: db, url: "tcp://c.example:5432", locations: [van], quorum: 1 }',
    );
    const parsed = parseConfig(text, 'c.yaml');
    expect(parsed.locations).toEqual(['mtl', 'tor', 'van', 'cgy']);
    expect(parsed.environments[0]).toMatchObject({ locations: ['mtl', 'tor', 'van'], quorum: 2 });
    expect(parsed.environments[0]!.checks.map((check) => [check.id, check.locations, check.quorum])).toEqual([
      ['web', ['mtl', 'tor', 'van'], 2],
      ['api', ['mtl', 'tor'], 2],
      ['db', ['van'], 1],
    ]);
  });

  it('gives a check that narrows its locations the default quorum of its own count', () => {
    expect(checkOf(config('locations: [mtl, tor, van, cgy]', '', '      - { id: web, url: "https://a.example", locations: [tor] }'))).toMatchObject({ locations: ['tor'], quorum: 1 });
  });

  it('lets a check narrow the top-level locations and set its own quorum', () => {
    expect(checkOf(config('locations: [mtl, tor, van]', '', '      - { id: web, url: "https://a.example", locations: [tor, van], quorum: 2 }'))).toMatchObject({
      locations: ['tor', 'van'],
      quorum: 2,
    });
  });

  it('refuses names that are not configured, lists that widen, and names listed twice', () => {
    expect(configIssues(config('locations: [mtl, tor]', '    locations: [mtl, van]'))).toEqual(['environments[0].locations[1]: "van" is not one of the top-level locations (mtl, tor)']);
    expect(configIssues(config('locations: [mtl, tor, van]', '    locations: [mtl, tor]', '      - { id: web, url: "https://a.example", locations: [van] }'))).toEqual([
      'environments[0].checks[0].locations[0]: "van" is not one of the environment\'s locations (mtl, tor)',
    ]);
    expect(configIssues(config('locations: [mtl, tor]', '', '      - { id: web, url: "https://a.example", locations: [vancouver] }'))).toEqual([
      'environments[0].checks[0].locations[0]: "vancouver" is not one of the top-level locations (mtl, tor)',
    ]);
    expect(configIssues(config('locations: [mtl, tor, mtl]'))).toEqual(['locations[2]: location "mtl" is listed twice (also locations[0])']);
    expect(configIssues(config('locations: [mtl, tor]', '    locations: [tor, tor]'))).toEqual([
      'environments[0].locations[1]: location "tor" is listed twice (also environments[0].locations[0])',
    ]);
  });

  it('refuses locations on an environment or a check when the file configures none', () => {
    expect(configIssues(config('', '    locations: [mtl]'))).toEqual(['environments[0].locations: no locations are configured: list them in the top-level locations first']);
    expect(configIssues(config('', '', '      - { id: web, url: "https://a.example", locations: [mtl] }'))).toEqual([
      'environments[0].checks[0].locations: no locations are configured: list them in the top-level locations first',
    ]);
  });

  it('refuses empty lists and names that are not ids', () => {
    expect(configIssues(config('locations: []'))).toEqual(['locations: list at least one location']);
    expect(configIssues(config('locations: [Montreal]'))).toEqual([expect.stringMatching(/^locations\[0\]: use 1–64 lowercase letters/)]);
    expect(configIssues(config('locations: [mtl]', '    locations: []'))).toEqual(['environments[0].locations: list at least one location']);
  });

  it('refuses a quorum that is not a whole number from 1 to the number of locations probing the check', () => {
    expect(configIssues(config('locations: [mtl, tor]', '    quorum: 3'))).toEqual(['environments[0].quorum: must be at most 2: 2 locations probe this environment']);
    expect(configIssues(config('', '    quorum: 2'))).toEqual(['environments[0].quorum: must be at most 1: 1 location probes this environment']);
    expect(configIssues(config('locations: [mtl, tor, van]', '', '      - { id: web, url: "https://a.example", locations: [mtl], quorum: 2 }'))).toEqual([
      'environments[0].checks[0].quorum: must be at most 1: 1 location probes this check',
    ]);
    expect(configIssues(config('locations: [mtl, tor]', '    quorum: 0'))).toEqual(['environments[0].quorum: must be at least 1']);
    expect(configIssues(config('locations: [mtl, tor]', '', '      - { id: web, url: "https://a.example", quorum: 1.5 }'))).toEqual([
      expect.stringMatching(/^environments\[0\]\.checks\[0\]\.quorum: must be a whole number/),
    ]);
    expect(configIssues(config('locations: [mtl, tor]', '', '      - { id: web, url: "https://a.example", quorum: two }'))).toEqual([
      expect.stringMatching(/^environments\[0\]\.checks\[0\]\.quorum: /),
    ]);
  });

  it("refuses a check narrowed below its environment's quorum without a quorum of its own", () => {
    expect(configIssues(config('locations: [mtl, tor, van]', '    quorum: 2', '      - { id: web, url: "https://a.example", locations: [mtl] }'))).toEqual([
      "environments[0].checks[0].locations: the environment's quorum 2 is more than the 1 location probing this check: give the check its own quorum",
    ]);
  });
});

describe('database', () => {
  it('names a SQLite file or a PostgreSQL database', () => {
    expect(parseConfig(config('database: data/other.db'), 'c.yaml').database).toBe('data/other.db');
    expect(parseConfig(config('database: "postgres://veille@/veille?host=/run/postgresql"'), 'c.yaml').database).toBe('postgres://veille@/veille?host=/run/postgresql');
    expect(parseConfig(config('database: postgresql://veille@db.example/veille'), 'c.yaml').database).toBe('postgresql://veille@db.example/veille');
  });

  it('never takes another URL for a file name', () => {
    for (const url of ['mysql://veille@db.example/veille', 'sqlite://data/veille.db', 'https://db.example/']) {
      expect(configIssues(config(`database: "${url}"`))).toEqual(['database: only postgres:// and postgresql:// URLs name a database; a file path names a SQLite file']);
    }
    expect(configIssues(config('database: ""'))).toEqual(['database: give a SQLite file path or a postgres:// URL']);
    expect(configIssues(config('database: 5432'))).toEqual([expect.stringMatching(/^database: /)]);
  });
});
