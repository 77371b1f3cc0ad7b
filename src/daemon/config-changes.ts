import type { Config } from '../config/types.ts';

/** What a reload changes in what is monitored, by id. Pure. */
export interface ConfigChanges {
  readonly environmentsAdded: string[];
  readonly environmentsRemoved: string[];
  readonly checksAdded: string[];
  readonly checksRemoved: string[];
  /** Same id, different definition (URL, interval, expectations, …). */
  readonly checksChanged: string[];
}

export function configChanges(before: Config, after: Config): ConfigChanges {
  const environmentsBefore = new Set(before.environments.map((environment) => environment.id));
  const environmentsAfter = new Set(after.environments.map((environment) => environment.id));
  const checksBefore = checksById(before);
  const checksAfter = checksById(after);
  return {
    environmentsAdded: [...environmentsAfter].filter((id) => !environmentsBefore.has(id)),
    environmentsRemoved: [...environmentsBefore].filter((id) => !environmentsAfter.has(id)),
    checksAdded: [...checksAfter.keys()].filter((id) => !checksBefore.has(id)),
    checksRemoved: [...checksBefore.keys()].filter((id) => !checksAfter.has(id)),
    checksChanged: [...checksAfter].filter(([id, text]) => checksBefore.has(id) && checksBefore.get(id) !== text).map(([id]) => id),
  };
}

/** One line for the log: `environments +a -b; checks +c -d ~e`, or that nothing monitored changed. */
export function describeChanges(changes: ConfigChanges): string {
  const part = (label: string, entries: Array<[string, string[]]>) => {
    const listed = entries.filter(([, ids]) => ids.length > 0).map(([sign, ids]) => ids.map((id) => sign + id).join(' '));
    return listed.length > 0 ? `${label} ${listed.join(' ')}` : null;
  };
  const parts = [
    part('environments', [['+', changes.environmentsAdded], ['-', changes.environmentsRemoved]]),
    part('checks', [['+', changes.checksAdded], ['-', changes.checksRemoved], ['~', changes.checksChanged]]),
  ].filter((text): text is string => text !== null);
  return parts.length > 0 ? parts.join('; ') : 'no environment or check added, removed or changed';
}

// A check's definition as text: configurations are plain data, so equal text is an equal check.
function checksById(config: Config): Map<string, string> {
  return new Map(config.environments.flatMap((environment) => environment.checks.map((check) => [check.id, JSON.stringify(check)] as [string, string])));
}
