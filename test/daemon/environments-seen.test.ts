import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { recordEnvironmentsSeen } from '../../src/daemon/record-environments-seen.ts';
import { reportReads } from '../../src/store/report-reads.ts';
import type { Store } from '../../src/store/store.ts';
import { instant } from '../../src/time/iso.ts';
import { freshStoreEachTest, storeBackends } from '../support/store-backends.ts';

// When each environment was first seen is its default slaStart (rule 7): the first process to
// see it sets it, on every database, and no later start moves it.

const environment = (id: string) => `
  - id: ${id}
    name: ${id}
    type: production
    checks:
      - { id: ${id}-web, url: "http://127.0.0.1:9/", every: 30s, timeout: 5s }`;
const configOf = (...ids: string[]) => parseConfig(`environments:${ids.map(environment).join('')}\n`, 'seen.yaml');

const MONDAY = instant('2026-03-02T09:00:00-05:00');
const TUESDAY = instant('2026-03-03T09:00:00-05:00');

for (const backend of storeBackends()) {
  describe.skipIf(backend.unavailable !== null)(`environments seen on ${backend.unavailable ?? backend.name}`, () => {
    let store: Store;
    freshStoreEachTest(backend, (opened) => (store = opened));

    it('records each environment once, at the first instant it was seen', async () => {
      await recordEnvironmentsSeen(store, configOf('acme-prod'), MONDAY);
      await recordEnvironmentsSeen(store, configOf('acme-prod', 'globex-prod'), TUESDAY);
      expect(await reportReads(store).environmentsSeen()).toEqual([
        { envId: 'acme-prod', firstSeenAt: MONDAY },
        { envId: 'globex-prod', firstSeenAt: TUESDAY },
      ]);
    });
  });
}
