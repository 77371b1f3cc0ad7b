import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVeille, type RunningVeille } from '../support/run-veille.ts';

// `veille start --location mtl` told to reload (kill -HUP) a configuration that no longer names
// mtl, or gives it a source address this host does not have, refuses it as it refuses an invalid
// file: one line saying why, and it keeps probing as mtl on the configuration it runs. Given mtl
// back, the next reload is taken.

let target: Server;
let hits = 0;
let port = 0;
const running: RunningVeille[] = [];

beforeAll(async () => {
  target = createServer((_request, response) => {
    hits++;
    response.end('ok');
  });
  await new Promise<void>((done) => target.listen(0, '127.0.0.1', done));
  port = (target.address() as AddressInfo).port;
});
afterAll(async () => {
  await Promise.all(running.map((process) => process.stop()));
  await new Promise((done) => target.close(done));
});

const configYaml = (locations: string) => `locations: [${locations}]
environments:
  - id: acme-prod
    name: Acme
    type: production
    checks:
      - { id: web, url: "http://127.0.0.1:${port}/web", every: 1s, timeout: 500ms }
`;

/** Resolves once the target has been probed again after this call (bounded by the test's timeout). */
async function probedAgain(process: RunningVeille): Promise<void> {
  const from = hits;
  for (let n = 0; n < 1200 && hits === from; n++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (hits === from) throw new Error(`not probed again\n${process.output()}`);
}

describe('veille start --location mtl reloading', () => {
  it('refuses a configuration that no longer names mtl or gives it an address this host lacks, keeps probing as mtl, and takes the next one that names it', { timeout: 240_000 }, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'veille-reload-location-'));
    const file = join(cwd, 'monitor.config.yaml');
    writeFileSync(file, configYaml('mtl, tor'));
    const daemon = await startVeille(cwd, ['--port', '0', '--location', 'mtl']);
    running.push(daemon);
    await probedAgain(daemon);

    writeFileSync(file, configYaml('tor, van'));
    const refused = daemon.waitForOutput(/SIGHUP: (configuration not reloaded|configuration reloaded|reload failed)[^\n]*/);
    daemon.child.kill('SIGHUP');
    expect(await refused).toBe('SIGHUP: configuration not reloaded, still running on the previous one');
    expect(daemon.output()).toContain(
      'monitor.config.yaml: locations: no longer names mtl, the location this process probes as (--location mtl; it names tor, van): put it back, or restart the process with another --location',
    );
    expect(daemon.child.exitCode).toBeNull();
    await probedAgain(daemon);
    expect((await fetch(`http://127.0.0.1:${daemon.port}/healthz`)).status).toBe(200);

    // A source address this host does not have (192.0.2.0/24 is for documentation only): refused too.
    writeFileSync(file, `probe: { sourceAddress: { mtl: 192.0.2.1 } }\n${configYaml('mtl, tor')}`);
    const refusedAgain = daemon.waitForOutput(/SIGHUP: (configuration not reloaded|configuration reloaded|reload failed)[^\n]*/);
    daemon.child.kill('SIGHUP');
    expect(await refusedAgain).toBe('SIGHUP: configuration not reloaded, still running on the previous one');
    expect(daemon.output()).toContain('monitor.config.yaml: probe.sourceAddress.mtl: 192.0.2.1 is not an address of this host (EADDRNOTAVAIL): every probe of location mtl would fail');
    await probedAgain(daemon);

    writeFileSync(file, configYaml('mtl'));
    const reloaded = daemon.waitForOutput(/SIGHUP: configuration reloaded[^\n]*/);
    daemon.child.kill('SIGHUP');
    await reloaded;
    await probedAgain(daemon);
  });
});
