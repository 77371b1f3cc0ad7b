import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';
import { expectOneLineError, startVeille, veille, type RunningVeille } from '../support/run-veille.ts';

// `veille start` with a configuration that names its locations probes as one of them, given
// with --location; without it, it refuses before it opens any database.

const running: RunningVeille[] = [];
afterEach(async () => {
  for (const process of running.splice(0).reverse()) await process.stop();
});

function workspace(yaml: string): string {
  const cwd = mkdtempSync(join(tmpdir(), 'veille-start-location-'));
  writeFileSync(join(cwd, 'monitor.config.yaml'), yaml);
  return cwd;
}

const WITH_LOCATIONS = `locations: [mtl, tor]\n${TEST_CONFIG_YAML}`;

describe('veille start --location', () => {
  it('refuses no location, an unknown one, or one beside --no-probe, in one line naming the flag, creating nothing', async () => {
    const cwd = workspace(WITH_LOCATIONS);
    expectOneLineError(await veille(['start', '--port', '0'], { cwd }), "veille start: --location is required: one of the configuration's locations (mtl, tor), or --no-probe");
    expectOneLineError(await veille(['start', '--port', '0', '--location', 'van'], { cwd }), 'veille start: --location: "van" is not one of the configuration\'s locations (mtl, tor)');
    expectOneLineError(await veille(['start', '--port', '0', '--no-probe', '--location', 'mtl'], { cwd }), 'veille start: --location: only a process that probes has a location');
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  });

  it('probes as the location it is given', async () => {
    const cwd = workspace(WITH_LOCATIONS);
    const daemon = await startVeille(cwd, ['--port', '0', '--location', 'tor']);
    running.push(daemon);
    expect(daemon.output()).toContain('probing as location tor');
  });
});
