/**
 * A configuration naming two locations, mtl and tor, both probing the one public production
 * environment acme-prod and its one check (given as its YAML flow mapping): the setting of the
 * tests of what is read back once several locations write one check's results.
 */
export function twoLocationsYaml(check: string): string {
  return `
locations: [mtl, tor]
environments:
  - id: acme-prod
    name: Acme Construction
    type: production
    public: true
    slaStart: "2026-11-01T00:00:00-05:00"
    checks:
      - ${check}
`;
}
