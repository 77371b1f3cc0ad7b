// The configuration the acceptance daemon runs with, and the same facts as the test's model
// of the world (written out twice on purpose: the YAML is what veille reads, the model is
// what the rules say that YAML means).
import { DateTime } from 'luxon';
import { TORONTO_DEFAULT, VANCOUVER_EXTENDED } from './rule-calendar.ts';
import type { ModelEnvironment } from './rule7-expected.ts';

export const TARGET = 99.5;

export const ACCEPTANCE_CONFIG_YAML = `
target: ${TARGET}
calendars:
  extended:
    timeZone: America/Vancouver
    hours:
      mon: ["07:00-12:00", "13:00-19:00"]
      tue: ["07:00-12:00", "13:00-19:00"]
      wed: ["07:00-12:00", "13:00-19:00"]
      thu: ["07:00-12:00", "13:00-19:00"]
      fri: ["07:00-12:00", "13:00-19:00"]
      sat: "10:00-14:00"
      sun: "00:00-24:00"
    extraClosures: ["2026-03-09", "2026-11-02"]
    removedHolidays: ["2026-10-12"]
    businessDay: 11h
environments:
  - id: acme-prod
    name: Acme Construction
    type: production
    public: true
    clients: [Acme]
    slaStart: "2025-12-01T00:00:00-05:00"
    checks:
      - { id: acme-web, url: "http://127.0.0.1:9/health", every: 30s, timeout: 5s }
      - { id: acme-api, url: "tcp://127.0.0.1:9", every: 1m, timeout: 5s }
      - { id: acme-login, url: "http://127.0.0.1:9/login", role: feature, feature: login, every: 1m, timeout: 5s }
  - id: globex-prod
    name: Globex
    type: production
    public: false
    clients: [Globex]
    slaStart: "2026-03-10T11:30:00.250-04:00"
    checks:
      - { id: globex-web, url: "http://127.0.0.1:9/health", every: 30s, timeout: 5s }
  - id: westco-prod
    name: Westco (extended support)
    type: production
    public: false
    clients: [Westco]
    calendar: extended
    slaStart: "2026-01-15T08:00:00-08:00"
    checks:
      - { id: westco-web, url: "http://127.0.0.1:9/health", every: 30s, timeout: 5s }
      - { id: westco-billing, url: "http://127.0.0.1:9/invoices", role: feature, feature: invoicing, every: 5m, timeout: 5s }
  - id: newco-prod
    name: Newco
    type: production
    public: true
    clients: [Newco]
    checks:
      - { id: newco-web, url: "http://127.0.0.1:9/health", every: 1h, timeout: 5s }
  - id: staging
    name: Staging
    type: staging
    public: false
    checks:
      - { id: staging-web, url: "http://127.0.0.1:9/health", every: 1m, timeout: 5s }
`;

const at = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toMillis();

/** The environments as the rules read the YAML above, in its order. */
export const MODEL_ENVIRONMENTS: ModelEnvironment[] = [
  { id: 'acme-prod', name: 'Acme Construction', type: 'production', public: true, calendar: TORONTO_DEFAULT, slaStart: at('2025-12-01T00:00:00-05:00'), availabilityChecks: ['acme-web', 'acme-api'], everyMs: 30_000 },
  { id: 'globex-prod', name: 'Globex', type: 'production', public: false, calendar: TORONTO_DEFAULT, slaStart: at('2026-03-10T11:30:00.250-04:00'), availabilityChecks: ['globex-web'], everyMs: 30_000 },
  { id: 'westco-prod', name: 'Westco (extended support)', type: 'production', public: false, calendar: VANCOUVER_EXTENDED, slaStart: at('2026-01-15T08:00:00-08:00'), availabilityChecks: ['westco-web'], everyMs: 30_000 },
  { id: 'newco-prod', name: 'Newco', type: 'production', public: true, calendar: TORONTO_DEFAULT, slaStart: null, availabilityChecks: ['newco-web'], everyMs: 3_600_000 },
  { id: 'staging', name: 'Staging', type: 'staging', public: false, calendar: TORONTO_DEFAULT, slaStart: null, availabilityChecks: ['staging-web'], everyMs: 60_000 },
];

/** Every check, with the environment it belongs to and its role. */
export const CHECKS = [
  { id: 'acme-web', env: 'acme-prod', role: 'availability' },
  { id: 'acme-api', env: 'acme-prod', role: 'availability' },
  { id: 'acme-login', env: 'acme-prod', role: 'feature' },
  { id: 'globex-web', env: 'globex-prod', role: 'availability' },
  { id: 'westco-web', env: 'westco-prod', role: 'availability' },
  { id: 'westco-billing', env: 'westco-prod', role: 'feature' },
  { id: 'newco-web', env: 'newco-prod', role: 'availability' },
  { id: 'staging-web', env: 'staging', role: 'availability' },
] as const;
