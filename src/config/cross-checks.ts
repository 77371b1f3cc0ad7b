import type { ConfigYaml } from './config-schema.ts';
import type { ConfigIssue } from './config-error.ts';

type Located = { path: Array<string | number>; message: string };

/** Rules that span several fields: unique ids, schedules longer than timeouts, names that must exist. */
export function crossCheck(config: ConfigYaml): Located[] {
  const issues: Located[] = [];
  const calendars = new Set(['default', ...Object.keys(config.calendars ?? {})]);
  const environmentIds = new Map<string, number>();
  const checkIds = new Map<string, string>();

  config.environments.forEach((environment, e) => {
    const at = (...rest: Array<string | number>) => ['environments', e, ...rest];
    const first = environmentIds.get(environment.id);
    if (first !== undefined) issues.push({ path: at('id'), message: `duplicate environment id "${environment.id}" (also environments[${first}])` });
    else environmentIds.set(environment.id, e);
    if (!calendars.has(environment.calendar)) {
      issues.push({ path: at('calendar'), message: `no calendar named "${environment.calendar}" (known: ${[...calendars].join(', ')})` });
    }
    environment.checks.forEach((check, c) => {
      const checkAt = (...rest: Array<string | number>) => at('checks', c, ...rest);
      const where = checkIds.get(check.id);
      if (where) issues.push({ path: checkAt('id'), message: `duplicate check id "${check.id}" (also ${where}); check ids are unique across environments` });
      else checkIds.set(check.id, `environments[${e}].checks[${c}]`);
      if (check.every.everyMs !== null && check.every.everyMs <= check.timeout) {
        issues.push({ path: checkAt('every'), message: `must be longer than timeout (${check.every.everyMs} ms ≤ ${check.timeout} ms)` });
      }
      if (check.slowAfter !== undefined && check.slowAfter >= check.timeout) {
        issues.push({ path: checkAt('slowAfter'), message: 'must be shorter than timeout' });
      }
      if (check.role === 'feature' && !check.feature) {
        issues.push({ path: checkAt('feature'), message: 'a feature check names the product feature it exercises' });
      }
      if (check.role === 'availability' && check.feature) {
        issues.push({ path: checkAt('feature'), message: 'only checks with role: feature name a feature' });
      }
      const isTcp = check.url.startsWith('tcp:');
      if (isTcp && (check.expect.body !== undefined || check.method !== 'GET')) {
        issues.push({ path: checkAt(check.expect.body !== undefined ? 'expect' : 'method'), message: 'a TCP check only connects: no method or body to expect' });
      }
    });
  });
  return issues;
}

export type { ConfigIssue };
