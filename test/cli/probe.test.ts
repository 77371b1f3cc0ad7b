import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_CONFIG_YAML } from '../support/test-app.ts';
import { expectOneLineError, veille } from '../support/run-veille.ts';

// `veille probe --location NAME`: what it refuses, in one line naming the flag, before it opens
// any database. Probing itself, shared and taken over, is test/share/probe-failover.test.ts.

function workspace(yaml: string): string {
  const cwd = mkdtempSync(join(tmpdir(), 'veille-probe-'));
  writeFileSync(join(cwd, 'monitor.config.yaml'), yaml);
  return cwd;
}

const WITH_LOCATIONS = `locations: [mtl, tor]\n${TEST_CONFIG_YAML}`;

describe('veille probe refuses', () => {
  it('a location the configuration does not name, listing those it names', async () => {
    const cwd = workspace(WITH_LOCATIONS);
    expectOneLineError(await veille(['probe', '--location', 'van'], { cwd }), 'veille probe: --location: "van" is not one of the configuration\'s locations (mtl, tor)');
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  });

  it('no location when the configuration names some', async () => {
    const cwd = workspace(WITH_LOCATIONS);
    expectOneLineError(await veille(['probe'], { cwd }), "veille probe: --location is required: one of the configuration's locations (mtl, tor)");
  });

  it('a location other than default when the configuration names none', async () => {
    const cwd = workspace(TEST_CONFIG_YAML);
    expectOneLineError(await veille(['probe', '--location', 'mtl'], { cwd }), 'it names none, so the one location is default');
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  });
});
