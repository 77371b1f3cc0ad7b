import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { locationLost, sourceAddressRefused } from '../../src/daemon/reload-location.ts';

// Which location a process probes as is decided when it starts: a reloaded configuration may
// agree with it or be refused, never move the process elsewhere nor leave it without one.

const config = (top: string) =>
  parseConfig(`${top}
environments:
  - id: acme-prod
    name: Acme
    type: production
    checks:
      - { id: web, url: "https://a.example" }
`);

const issues = (base: { probe: boolean; location?: string }, top: string) => locationLost(base, config(top), 'c.yaml')?.issues ?? [];

describe('a reloaded configuration and the location this process probes as', () => {
  it('is taken when it still names the location, and by any process that does not probe', () => {
    expect(issues({ probe: true, location: 'mtl' }, 'locations: [tor, mtl]')).toEqual([]);
    expect(issues({ probe: true }, '')).toEqual([]);
    expect(issues({ probe: false }, 'locations: [tor]')).toEqual([]);
    expect(issues({ probe: false, location: 'mtl' }, '')).toEqual([]);
  });

  it('is refused when it no longer names the location, naming locations and what to do', () => {
    expect(issues({ probe: true, location: 'mtl' }, 'locations: [tor, van]')).toEqual([
      { path: 'locations', message: 'no longer names mtl, the location this process probes as (--location mtl; it names tor, van): put it back, or restart the process with another --location' },
    ]);
    expect(issues({ probe: true, location: 'mtl' }, '')).toEqual([
      { path: 'locations', message: 'no longer names mtl, the location this process probes as (--location mtl; it names none): put it back, or restart the process with another --location' },
    ]);
  });

  it('is refused when it names locations to a process probing without one', () => {
    expect(issues({ probe: true }, 'locations: [mtl, tor]')).toEqual([
      { path: 'locations', message: 'names locations now (mtl, tor) and this process probes without one: restart it with --location NAME, or --no-probe' },
    ]);
  });
});

describe("a reloaded configuration and the source address of this process's location", () => {
  const refusals = async (base: { probe: boolean; location?: string; sourceAddress?: string }, top: string) => (await sourceAddressRefused(base, config(top), 'c.yaml'))?.issues ?? [];

  it('is taken when this host has the address, when it gives none, and by a process whose --source-address stays or that does not probe', async () => {
    expect(await refusals({ probe: true, location: 'mtl' }, 'locations: [mtl]\nprobe: { sourceAddress: { mtl: 127.0.0.2 } }')).toEqual([]);
    expect(await refusals({ probe: true, location: 'mtl' }, 'locations: [mtl, tor]\nprobe: { sourceAddress: { tor: 192.0.2.1 } }')).toEqual([]);
    expect(await refusals({ probe: true, location: 'mtl', sourceAddress: '127.0.0.2' }, 'locations: [mtl]\nprobe: { sourceAddress: 192.0.2.1 }')).toEqual([]);
    expect(await refusals({ probe: false }, 'probe: { sourceAddress: 192.0.2.1 }')).toEqual([]);
  });

  it('is refused when this host has no such address (192.0.2.0/24 is for documentation only), naming the key', async () => {
    expect(await refusals({ probe: true, location: 'mtl' }, 'locations: [mtl, tor]\nprobe: { sourceAddress: { mtl: 192.0.2.1 } }')).toEqual([
      { path: 'probe.sourceAddress.mtl', message: '192.0.2.1 is not an address of this host (EADDRNOTAVAIL): every probe of location mtl would fail' },
    ]);
    expect(await refusals({ probe: true }, 'probe: { sourceAddress: 192.0.2.1 }')).toEqual([
      { path: 'probe.sourceAddress', message: '192.0.2.1 is not an address of this host (EADDRNOTAVAIL): every probe of location default would fail' },
    ]);
  });
});
