import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from 'undici';
import { parseConfig } from '../../src/config/parse-config.ts';
import { createProbeAgent } from '../../src/probe/agent.ts';
import { runProbe } from '../../src/probe/run-probe.ts';
import { openProber } from '../../src/prober/prober.ts';
import { check, type Target } from '../probe/loopback.ts';
import { manualClock, openDatabase, rows, storedResults, tempDbFile } from '../prober/support.ts';
import { deadHost, httpSilentTarget, settledWithin, tlsSilentTarget } from './hostile-targets.ts';

// Targets that never answer at some stage of the probe: the connect (a dead host dropping
// SYNs), the TLS handshake (a server that accepts and stays silent), the response (a server
// that reads the request and stays silent). Each probe must end at its deadline with
// `timeout`, and such a check must become an outage like any other failing one.

const TIMEOUT_MS = 300;
// Far beyond the deadline: a probe not settled by then is hanging, not slow.
const HANG_BOUND_MS = 8_000;

let agent: Agent;
const targets: Record<string, Target> = {};
beforeAll(async () => {
  // As the prober builds it by default: connect attempts themselves bounded only by an hour.
  agent = createProbeAgent();
  targets.dead = await deadHost();
  targets.tlsSilent = await tlsSilentTarget();
  targets.httpSilent = await httpSilentTarget();
});
afterAll(async () => {
  await agent.destroy();
  await Promise.all(Object.values(targets).map((target) => target.close()));
});

const cases = [
  { name: 'an HTTP check of a dead host (SYNs dropped)', url: () => `${targets.dead!.url}/` },
  { name: 'a TCP check of a dead host (SYNs dropped)', url: () => `tcp://127.0.0.1:${targets.dead!.port}` },
  { name: 'an HTTPS check of a server that accepts and never speaks TLS', url: () => `${targets.tlsSilent!.url}/` },
  { name: 'an HTTP check of a server that accepts and never answers', url: () => `${targets.httpSilent!.url}/` },
];

describe('a probe whose target never answers', () => {
  it.each(cases)('$name ends at its deadline with "timeout"', async ({ url }) => {
    const result = await settledWithin(runProbe(check(url(), { timeoutMs: TIMEOUT_MS }), { dispatcher: agent }), HANG_BOUND_MS);
    expect(result).toEqual({ status: 'down', latencyMs: TIMEOUT_MS, reason: 'timeout' });
  });
});

describe('the prober against targets that never answer', () => {
  it.each(cases)('$name becomes an outage after confirmAfter timeouts in a row', async ({ url }) => {
    const config = parseConfig(`
environments:
  - id: acme-prod
    name: Acme
    type: production
    checks:
      - { id: silent, url: "${url()}", every: 5s, timeout: 300ms, confirmAfter: 2 }
`);
    const clock = manualClock('2026-11-16T10:00:00-05:00');
    const database = openDatabase(tempDbFile());
    const prober = await openProber({ store: database.store, config, clock: clock.now, schedule: false });
    try {
      const first = clock.now();
      for (let i = 0; i < 2; i++) {
        expect(await settledWithin(prober.runCheck('silent'), HANG_BOUND_MS)).toBeUndefined();
        clock.advance(5_000);
      }
      await prober.flush();
      expect(storedResults(database).map(({ status, reason }) => ({ status, reason }))).toEqual([
        { status: 'down', reason: 'timeout' },
        { status: 'down', reason: 'timeout' },
      ]);
      expect(rows(database, 'SELECT check_id AS checkId, start, "end" FROM outages')).toEqual([{ checkId: 'silent', start: first, end: null }]);
    } finally {
      await prober.stop();
      database.close();
    }
  });
});
