import { describe, expect, it } from 'vitest';
import type { CheckConfig, EnvironmentConfig } from '../../src/config/types.ts';
import { planIncident, type FailingCheck } from '../../src/outages/incident-priority.ts';
import { check } from '../probe/loopback.ts';

const MAJOR = { majorFeatures: ['login', 'budget', 'invoicing'] };

function env(id: string, clients: string[], overrides: Partial<EnvironmentConfig> = {}): EnvironmentConfig {
  return { id, name: id.toUpperCase(), type: 'production', public: true, clients, slaStart: null, calendar: 'default', checks: [], locations: ['default'], quorum: 1, ...overrides };
}
function failing(environment: EnvironmentConfig, id: string, feature: string | null): FailingCheck {
  const overrides: Partial<CheckConfig> = feature ? { id, environmentId: environment.id, role: 'feature', feature } : { id, environmentId: environment.id };
  return { check: check('http://127.0.0.1:9/', overrides), environment };
}

const acme = env('acme', ['Acme']);
const globex = env('globex', ['Globex']);
const shared = env('shared', ['Initech', 'Umbrella']);
const staging = env('staging', ['Acme'], { type: 'staging' });

describe('the incident an outage opens (rule 8)', () => {
  it.each([
    // what failed                             also failing at once                          → priority
    ['availability, production', failing(acme, 'acme-web', null), [], 'I'],
    ['major feature, one client', failing(acme, 'acme-login', 'login'), [], 'II'],
    ['major feature, several clients', failing(acme, 'acme-login', 'login'), [failing(globex, 'globex-login', 'login')], 'II'],
    ['secondary feature, one client', failing(acme, 'acme-reports', 'reports'), [], 'IV'],
    ['secondary feature, one environment with two clients', failing(shared, 'shared-reports', 'reports'), [], 'III'],
    ['secondary feature, two environments failing at once', failing(acme, 'acme-reports', 'reports'), [failing(globex, 'globex-reports', 'reports')], 'III'],
    ['secondary feature; another feature elsewhere does not count', failing(acme, 'acme-reports', 'reports'), [failing(globex, 'globex-login', 'login')], 'IV'],
    ['two major features failing in the environment', failing(acme, 'acme-login', 'login'), [failing(acme, 'acme-budget', 'budget')], 'I'],
    ['a staging check failing on the same feature does not add clients', failing(acme, 'acme-reports', 'reports'), [failing(staging, 'staging-reports', 'reports')], 'IV'],
  ] as const)('%s → %s', (_what, failed, also, priority) => {
    expect(planIncident(MAJOR, { ...failed, reason: 'timeout' }, also)?.priority).toBe(priority);
  });

  it('opens none outside production', () => {
    expect(planIncident(MAJOR, { ...failing(staging, 'staging-web', null), reason: 'refused' }, [])).toBeNull();
  });

  it('names every environment failing on the feature, and is public only if all of them are', () => {
    const hidden = env('hidden', ['Hidden Co'], { public: false });
    const plan = planIncident(MAJOR, { ...failing(acme, 'acme-reports', 'reports'), reason: 'status 500' }, [failing(hidden, 'hidden-reports', 'reports')]);
    expect(plan).toEqual({
      priority: 'III',
      title: 'reports failing on ACME, HIDDEN (acme-reports: status 500)',
      environments: ['acme', 'hidden'],
      feature: 'reports',
      public: false,
    });
  });

  it('titles an availability incident with the environment and the reason, never a client name', () => {
    expect(planIncident(MAJOR, { ...failing(acme, 'acme-web', null), reason: 'refused' }, [])?.title).toBe('ACME unavailable (acme-web: refused)');
  });
});
