import { ConfigError } from '../../src/config/config-error.ts';
import { parseConfig } from '../../src/config/parse-config.ts';

/** The problems a configuration text is refused for, as `path: message` lines. */
export function configIssues(text: string): string[] {
  try {
    parseConfig(text, 'c.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** A configuration of one production environment with one check, written as a YAML flow map. */
export const withCheck = (check: string, top = '') => `
${top}
environments:
  - id: acme-prod
    name: Acme
    type: production
    checks:
      - ${check}
`;
