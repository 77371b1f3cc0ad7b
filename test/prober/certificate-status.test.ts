import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { openDatabase, type OpenDatabase } from '../../src/store/database.ts';
import { checkCertificates } from '../../src/store/schema/index.ts';
import { currentStatus } from '../../src/status/current-status.ts';
import { instant } from '../../src/time/iso.ts';

const config = parseConfig(`
environments:
  - id: acme-prod
    name: Acme
    type: production
    public: true
    checks:
      - { id: acme-web, url: "https://acme.example/health" }
      - { id: acme-db, url: "tcp://db.acme.example:5432" }
      - { id: acme-api, url: "https://api.acme.example/health" }
`);
let database: OpenDatabase;
afterEach(() => database.close());

describe('certificateExpiresAt in the status document', () => {
  it('is shown to viewers for https checks (null until seen), and never to anonymous readers', async () => {
    database = openDatabase(':memory:');
    database.db.insert(checkCertificates).values({ checkId: 'acme-web', notAfter: instant('2026-12-01T00:00:00Z'), checkedAt: instant('2026-11-16T12:00:00-05:00') }).run();
    const now = instant('2026-11-16T12:00:00-05:00');

    const full = await currentStatus(database.store, config, { now, full: true });
    expect(full.environments[0]!.checks.map((check) => check.certificateExpiresAt)).toEqual(['2026-12-01T00:00:00.000Z', undefined, null]);
    expect('certificateExpiresAt' in full.environments[0]!.checks[1]!).toBe(false);

    const anonymous = await currentStatus(database.store, config, { now, full: false });
    expect(JSON.stringify(anonymous)).not.toContain('certificate');
  });
});
