import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Target } from '../probe/loopback.ts';
import { startVeille } from '../support/run-veille.ts';
import { deadHost, settledWithin, tlsSilentTarget } from './hostile-targets.ts';

// The real daemon probing a dead host and a TLS-silent server, stopped with SIGTERM while
// those probes are in flight: it must exit, having cut them short, without waiting on them.

let dead: Target;
let tlsSilent: Target;
beforeAll(async () => {
  dead = await deadHost();
  tlsSilent = await tlsSilentTarget();
});
afterAll(async () => {
  await dead.close();
  await tlsSilent.close();
});

describe('veille start probing targets that never answer', () => {
  it('stops on SIGTERM with probes in flight, exit code 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'veille-stop-'));
    writeFileSync(join(dir, 'monitor.config.yaml'), `
environments:
  - id: acme-prod
    name: Acme
    type: production
    checks:
      - { id: dead, url: "${dead.url}/", every: 11s, timeout: 10s }
      - { id: tls-silent, url: "${tlsSilent.url}/", every: 11s, timeout: 10s }
`);
    const veille = await startVeille(dir, ['--port', '0']);
    const exited = new Promise<number | null>((resolve) => veille.child.once('exit', (code) => resolve(code)));
    try {
      // Both checks fire within their first 11 s; wait until both probes hang in flight.
      for (;;) {
        const health = (await (await fetch(`http://127.0.0.1:${veille.port}/healthz`)).json()) as { inFlight: number };
        if (health.inFlight === 2) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      veille.child.kill('SIGTERM');
      // Well under the 10 s the probes (and their connection attempts) would still wait.
      expect(await settledWithin(exited, 8_000)).toBe(0);
      expect(veille.output()).toContain('SIGTERM: stopping');
    } finally {
      if (veille.child.exitCode === null && veille.child.signalCode === null) veille.child.kill('SIGKILL');
    }
  }, 40_000);
});
