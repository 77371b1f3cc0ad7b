import { describe, expect, it } from 'vitest';
import { buildCalendars } from '../../src/config/calendars.ts';
import { parseConfig } from '../../src/config/parse-config.ts';
import type { PublicSnapshotInput, ReportComputer } from '../../src/reports/report-computer.ts';
import type { AppDeps } from '../../src/server/deps.ts';
import { openDatabase } from '../../src/store/database.ts';
import { instant } from '../../src/time/iso.ts';
import { createSnapshotBuilder } from '../../src/web/public-view/build-snapshot.ts';
import { INLINE_PUBLIC_CHECKS, createSite } from '../../src/web/site.ts';

// Where the public view is built: a few public checks on the daemon's own thread (a worker
// thread would cost more memory than the build costs time), many on the report worker's.

function siteWith(publicChecks: number) {
  const checks = Array.from({ length: publicChecks }, (_, i) => `      - { id: c-${i}, url: "http://127.0.0.1:9/${i}", every: 30s, timeout: 5s }`);
  const config = parseConfig(['environments:', '  - id: prod', '    name: Prod', '    type: production', '    public: true', '    checks:', ...checks].join('\n') + '\n', 'test.yaml');
  const database = openDatabase(':memory:');
  const now = instant('2026-11-16T12:00:00-05:00');
  const deps: AppDeps = { database, config, calendars: buildCalendars(config), clock: () => now };
  const asked: PublicSnapshotInput[] = [];
  const build = createSnapshotBuilder({ store: database.store, config, calendars: deps.calendars });
  const computer: ReportComputer = {
    monthly: () => Promise.reject(new Error('not asked here')),
    publicSnapshot: async (input) => {
      asked.push(input);
      return { value: await build(input.now) };
    },
    stop: async () => undefined,
  };
  return { site: createSite({ ...deps, reportComputer: computer }), asked };
}

describe('the thread the public view is built on', () => {
  it(`is the daemon's own for up to ${INLINE_PUBLIC_CHECKS} public checks`, async () => {
    const { site, asked } = siteWith(INLINE_PUBLIC_CHECKS);
    expect((await site.snapshots.get()).value.environments[0]!.checks).toHaveLength(INLINE_PUBLIC_CHECKS);
    expect(asked).toHaveLength(0);
  });

  it('is the report worker beyond that', async () => {
    const { site, asked } = siteWith(INLINE_PUBLIC_CHECKS + 1);
    expect((await site.snapshots.get()).value.environments[0]!.checks).toHaveLength(INLINE_PUBLIC_CHECKS + 1);
    expect(asked).toHaveLength(1);
  });
});
