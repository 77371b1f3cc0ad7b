import cron from 'node-cron';
import { shortestCronPeriodMs } from '../schedule/nominal-interval.ts';
import { formatDuration, parseDuration } from '../time/duration.ts';

type Located = { path: Array<string | number>; message: string };
type Raw = Record<string, unknown>;

const asRecord = (value: unknown): Raw | null => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : null);
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const durationOf = (value: unknown, fallback: number | null): number | null => {
  if (value === undefined) return fallback;
  if (typeof value !== 'string') return null;
  const parsed = parseDuration(value);
  return parsed.ok ? parsed.ms : null;
};

/**
 * Rules that span several fields: unique ids, schedules longer than timeouts, names that must
 * exist. They read the raw document defensively, so that they are reported together with the
 * field errors instead of only after those are fixed.
 */
export function crossCheck(document: unknown): Located[] {
  const issues: Located[] = [];
  const root = asRecord(document) ?? {};
  const calendars = new Set(['default', ...Object.keys(asRecord(root.calendars) ?? {})]);
  const environmentIds = new Map<string, number>();
  const checkIds = new Map<string, string>();
  // Checks often share an expression: its firings are sampled once.
  const shortestCronPeriods = new Map<string, number>();

  asList(root.environments).forEach((rawEnvironment, e) => {
    const environment = asRecord(rawEnvironment);
    if (!environment) return;
    const at = (...rest: Array<string | number>) => ['environments', e, ...rest];
    if (typeof environment.id === 'string') {
      const first = environmentIds.get(environment.id);
      if (first !== undefined) issues.push({ path: at('id'), message: `duplicate environment id "${environment.id}" (also environments[${first}])` });
      else environmentIds.set(environment.id, e);
    }
    const calendar = environment.calendar ?? 'default';
    if (typeof calendar === 'string' && !calendars.has(calendar)) {
      issues.push({ path: at('calendar'), message: `no calendar named "${calendar}" (known: ${[...calendars].join(', ')})` });
    }
    asList(environment.checks).forEach((rawCheck, c) => {
      const check = asRecord(rawCheck);
      if (!check) return;
      const checkAt = (...rest: Array<string | number>) => at('checks', c, ...rest);
      if (typeof check.id === 'string') {
        const where = checkIds.get(check.id);
        if (where) issues.push({ path: checkAt('id'), message: `duplicate check id "${check.id}" (also ${where}); check ids are unique across environments` });
        else checkIds.set(check.id, `environments[${e}].checks[${c}]`);
      }
      const isCron = typeof check.every === 'string' && /\s/.test(check.every.trim());
      const every = isCron ? null : durationOf(check.every, 30_000);
      const timeout = durationOf(check.timeout, 10_000);
      if (every !== null && timeout !== null && every >= 1_000 && every <= timeout) {
        issues.push({ path: checkAt('every'), message: `must be longer than timeout (${check.every ?? '30s'} ≤ ${check.timeout ?? '10s'})` });
      }
      // A cron schedule by its closest pair of firings: a probe must end before the next starts.
      // (A timeout outside 1ms–1h has its own error.)
      if (isCron && timeout !== null && timeout >= 1 && timeout <= 3_600_000 && cron.validate((check.every as string).trim())) {
        const expression = (check.every as string).trim();
        const period = shortestCronPeriods.get(expression) ?? shortestCronPeriodMs(expression);
        shortestCronPeriods.set(expression, period);
        if (period <= timeout) {
          issues.push({
            path: checkAt('every'),
            message: `must be longer than timeout: "${expression}" fires ${formatDuration(period)} apart at its closest (${formatDuration(period)} ≤ ${check.timeout ?? '10s'})`,
          });
        }
      }
      const slowAfter = durationOf(check.slowAfter, null);
      if (slowAfter !== null && timeout !== null && slowAfter >= timeout) {
        issues.push({ path: checkAt('slowAfter'), message: 'must be shorter than timeout' });
      }
      if (check.certificateWarning !== undefined && typeof check.url === 'string' && !check.url.startsWith('https:')) {
        issues.push({ path: checkAt('certificateWarning'), message: 'only https checks have a certificate to watch' });
      }
      const role = check.role ?? 'availability';
      if (role === 'feature' && check.feature === undefined) {
        issues.push({ path: checkAt('feature'), message: 'a feature check names the product feature it exercises' });
      }
      if (role === 'availability' && check.feature !== undefined) {
        issues.push({ path: checkAt('feature'), message: 'only checks with role: feature name a feature' });
      }
      const isTcp = typeof check.url === 'string' && check.url.startsWith('tcp:');
      if (isTcp && (asRecord(check.expect)?.body !== undefined || check.method !== undefined)) {
        issues.push({ path: checkAt(check.method !== undefined ? 'method' : 'expect'), message: 'a TCP check only connects: no method or body to expect' });
      }
    });
  });
  return issues;
}
