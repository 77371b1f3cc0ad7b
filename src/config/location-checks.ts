import { formatPath } from './config-error.ts';

type Located = { path: Array<string | number>; message: string };
type Raw = Record<string, unknown>;

const asRecord = (value: unknown): Raw | null => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : null);
const namesOf = (value: unknown): string[] | null => (Array.isArray(value) && value.every((name) => typeof name === 'string') ? value : null);
const plural = (count: number) => `${count} location${count === 1 ? '' : 's'}`;
const probe = (count: number) => `${plural(count)} ${count === 1 ? 'probes' : 'probe'}`;

/**
 * The rules of locations and quorum that span several fields (docs/locations.md): every name a
 * list gives is configured at the top level, a check narrows its environment's locations and
 * never widens them, no list names one location twice, and a quorum is at most the number of
 * locations probing the check it applies to (more could never be reached: the check would never
 * be down, and never observed), and a source address given per location names a location. Read from the raw document, so they are reported with the field
 * errors; a list the schema refuses is left to its own error.
 */
export function crossCheckLocations(document: unknown): Located[] {
  const issues: Located[] = [];
  const root = asRecord(document) ?? {};
  const configured = namesOf(root.locations);
  if (configured) issues.push(...duplicates(configured, ['locations']));
  const known = configured ?? null;
  // A source address per location names locations that exist (without them, the one is `default`).
  const sourceAddresses = asRecord(asRecord(root.probe)?.sourceAddress);
  const locationNames = known ?? ['default'];
  for (const name of Object.keys(sourceAddresses ?? {})) {
    if (!locationNames.includes(name)) {
      issues.push({ path: ['probe', 'sourceAddress', name], message: `"${name}" is not one of the locations (${locationNames.join(', ')}${known ? '' : ': none are configured, so the one location is default'})` });
    }
  }

  (Array.isArray(root.environments) ? root.environments : []).forEach((rawEnvironment, e) => {
    const environment = asRecord(rawEnvironment);
    if (!environment) return;
    const at = (...rest: Array<string | number>) => ['environments', e, ...rest];
    const environmentLocations = narrowed(environment.locations, known, at('locations'), 'the top-level locations', issues);
    const environmentCount = (environmentLocations ?? known)?.length ?? 1;
    const environmentQuorum = typeof environment.quorum === 'number' && Number.isInteger(environment.quorum) ? environment.quorum : null;
    if (environmentQuorum !== null && environmentQuorum > environmentCount) {
      issues.push({ path: at('quorum'), message: `must be at most ${environmentCount}: ${probe(environmentCount)} this environment` });
    }
    (Array.isArray(environment.checks) ? environment.checks : []).forEach((rawCheck, c) => {
      const check = asRecord(rawCheck);
      if (!check) return;
      const checkAt = (...rest: Array<string | number>) => at('checks', c, ...rest);
      const parent = environmentLocations ?? known;
      const checkLocations = narrowed(check.locations, parent, checkAt('locations'), environmentLocations ? "the environment's locations" : 'the top-level locations', issues);
      const count = (checkLocations ?? parent)?.length ?? 1;
      if (typeof check.quorum === 'number' && Number.isInteger(check.quorum)) {
        if (check.quorum > count) issues.push({ path: checkAt('quorum'), message: `must be at most ${count}: ${probe(count)} this check` });
      } else if (environmentQuorum !== null && environmentQuorum <= environmentCount && environmentQuorum > count) {
        issues.push({
          path: checkAt('locations'),
          message: `the environment's quorum ${environmentQuorum} is more than the ${plural(count)} probing this check: give the check its own quorum`,
        });
      }
    });
  });
  return issues;
}

/** Checks a narrowing list against the names it may take; the list when it is one, else null. */
function narrowed(value: unknown, allowed: readonly string[] | null, path: Array<string | number>, from: string, issues: Located[]): string[] | null {
  const names = namesOf(value);
  if (!names) return null;
  if (allowed === null) {
    issues.push({ path, message: 'no locations are configured: list them in the top-level locations first' });
    return names;
  }
  issues.push(...duplicates(names, path));
  names.forEach((name, n) => {
    if (!allowed.includes(name)) {
      issues.push({ path: [...path, n], message: `"${name}" is not one of ${from} (${allowed.join(', ')})` });
    }
  });
  return names;
}

function duplicates(names: readonly string[], path: Array<string | number>): Located[] {
  const first = new Map<string, number>();
  const found: Located[] = [];
  names.forEach((name, n) => {
    const seen = first.get(name);
    if (seen !== undefined) found.push({ path: [...path, n], message: `location "${name}" is listed twice (also ${formatPath([...path, seen])})` });
    else first.set(name, n);
  });
  return found;
}
