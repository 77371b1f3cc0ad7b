import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.ts';
import { sourceAddressOf } from '../../src/config/source-address.ts';
import { configIssues, withCheck } from '../support/config-issues.ts';

// probe.sourceAddress: the local address a location's probes leave from, one for every
// location or one per location by name. Every mistake is an error naming the field.

const check = '{ id: web, url: "https://a.example" }';
const parsed = (top: string) => parseConfig(withCheck(check, top), 'c.yaml');

describe('probe.sourceAddress', () => {
  it('is absent by default: the system chooses the address', () => {
    expect(sourceAddressOf(parsed(''), 'default')).toBeUndefined();
    expect(sourceAddressOf(parsed('locations: [mtl, tor]'), 'mtl')).toBeUndefined();
  });

  it('gives every location one address, or each location its own by name', () => {
    const one = parsed('probe: { sourceAddress: 127.0.0.2 }');
    expect(sourceAddressOf(one, 'default')).toBe('127.0.0.2');
    const each = parsed('locations: [mtl, tor, van]\nprobe:\n  sourceAddress: { mtl: 127.0.0.2, tor: "2001:db8::5" }');
    expect(['mtl', 'tor', 'van'].map((location) => sourceAddressOf(each, location))).toEqual(['127.0.0.2', '2001:db8::5', undefined]);
  });

  it('refuses what is not an IP address, naming the field (and the location)', () => {
    expect(configIssues(withCheck(check, 'probe: { sourceAddress: probe.mtl.example }'))).toEqual([
      'probe.sourceAddress: must be an IP address (127.0.0.2, 2001:db8::5), not a name',
    ]);
    expect(configIssues(withCheck(check, 'locations: [mtl, tor]\nprobe: { sourceAddress: { mtl: 127.0.0.2, tor: 127.0.0.300 } }'))).toEqual([
      'probe.sourceAddress.tor: must be an IP address (127.0.0.2, 2001:db8::5), not a name',
    ]);
    expect(configIssues(withCheck(check, 'probe: { sourceAddress: [127.0.0.2] }'))).toEqual([expect.stringMatching(/^probe\.sourceAddress: Invalid input: expected string or record/)]);
  });

  it('refuses an address given to a location the configuration does not name', () => {
    expect(configIssues(withCheck(check, 'locations: [mtl, tor]\nprobe: { sourceAddress: { mtl: 127.0.0.2, van: 127.0.0.3 } }'))).toEqual([
      'probe.sourceAddress.van: "van" is not one of the locations (mtl, tor)',
    ]);
    expect(configIssues(withCheck(check, 'probe: { sourceAddress: { mtl: 127.0.0.2 } }'))).toEqual([
      'probe.sourceAddress.mtl: "mtl" is not one of the locations (default: none are configured, so the one location is default)',
    ]);
  });
});
