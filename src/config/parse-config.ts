import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { DEFAULT_MAJOR_FEATURES, configSchema, type ConfigYaml } from './config-schema.ts';
import { toCalendarSpec } from './calendar-schema.ts';
import { ConfigError, formatPath, type ConfigIssue } from './config-error.ts';
import { crossCheck } from './cross-checks.ts';
import { crossCheckLocations } from './location-checks.ts';
import { defaultQuorum } from '../quorum/quorum-verdict.ts';
import { readableIssues } from './readable-issues.ts';
import { crossCheckNotifications, toClients, toNotifications } from './notifications-schema.ts';
import type { CalendarSpec } from '../calendar/spec.ts';
import { DEFAULT_CERTIFICATE_WARNING_MS } from './defaults.ts';
import { deepFreeze } from './deep-freeze.ts';
import { duplicateKeys } from './duplicate-keys.ts';
import { quickYaml } from './quick-yaml.ts';
import { IMPLICIT_LOCATION, type CheckConfig, type Config, type EnvironmentConfig, type StatusRange } from './types.ts';

/**
 * The largest configuration file veille reads: a few hundred checks take a few tens of KB, and
 * 50,000 checks written one line each about 4.5 MB.
 */
export const MAX_CONFIG_BYTES = 8 * 1024 * 1024;
/**
 * Alias expansions allowed in one file. YAML aliases let a few lines stand for billions of
 * nodes (an "alias bomb"); a configuration has no need for more than a handful.
 */
export const MAX_YAML_ALIASES = 100;

/**
 * Parses and validates a configuration text. Returns a deeply frozen Config, or throws a
 * ConfigError listing every problem with its YAML path and line.
 */
export function parseConfig(text: string, file = 'monitor.config.yaml'): Config {
  if (text.length > MAX_CONFIG_BYTES) {
    throw new ConfigError(file, [{ path: '', message: `the text is longer than ${MAX_CONFIG_BYTES} characters (the limit of a configuration file)` }]);
  }
  // Most files are valid and plain: read quickly, and taken at once if every check passes. Any
  // other is read again in full, which names each problem at its line.
  const quick = quickYaml(text);
  if (quick !== undefined) {
    const parsed = configSchema.safeParse(quick);
    if (parsed.success && crossChecks(quick).length === 0) return deepFreeze(toConfig(parsed.data));
  }
  const lines = new LineCounter();
  // Duplicate keys are found in one pass below: the parser's own check (uniqueKeys) compares
  // every key of a map with every other, minutes for a file of tens of thousands of keys.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const syntax = [
    ...doc.errors.map((error) => ({ path: '', message: error.message.split('\n')[0]!, line: lines.linePos(error.pos[0]).line })),
    ...duplicateKeys(doc).map((duplicate) => ({ path: '', message: `Map keys must be unique (${duplicate.key})`, line: lines.linePos(duplicate.offset).line })),
  ];
  if (syntax.length > 0) throw new ConfigError(file, sortByLine(syntax));
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) ?? {};
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    throw new ConfigError(file, [{ path: '', message: `more than ${MAX_YAML_ALIASES} YAML alias expansions (${error.message})` }]);
  }
  const parsed = configSchema.safeParse(raw);
  const issues: ConfigIssue[] = parsed.success
    ? []
    : readableIssues(parsed.error.issues).flatMap((issue) => {
        const path = issue.path as Array<string | number>;
        // One line per unknown key, located at the key itself.
        if (issue.code === 'unrecognized_keys') {
          return issue.keys.map((key) => locate(doc, lines, [...path, key], 'unknown key'));
        }
        return [locate(doc, lines, path, issue.message)];
      });
  for (const issue of crossChecks(raw)) issues.push(locate(doc, lines, issue.path, issue.message));
  if (!parsed.success || issues.length > 0) throw new ConfigError(file, sortByLine(issues));
  return deepFreeze(toConfig(parsed.data));
}

/** What the schema alone cannot see: references between parts of the file. */
function crossChecks(raw: unknown) {
  return [...crossCheck(raw), ...crossCheckLocations(raw), ...crossCheckNotifications(raw)];
}

function toConfig(raw: ConfigYaml): Config {
  const calendars: Record<string, CalendarSpec> = { default: toCalendarSpec('default', raw.calendar) };
  for (const [name, spec] of Object.entries(raw.calendars ?? {})) {
    if (name !== 'default') calendars[name] = toCalendarSpec(name, spec);
  }
  const locations = raw.locations ?? [IMPLICIT_LOCATION];
  const expectations = sharedExpectations();
  const environments = raw.environments.map((environment): EnvironmentConfig => {
    const environmentLocations = environment.locations ?? locations;
    const environmentQuorum = environment.quorum ?? defaultQuorum(environmentLocations.length);
    return {
      id: environment.id,
      name: environment.name,
      type: environment.type,
      public: environment.public,
      clients: environment.clients,
      slaStart: environment.slaStart ?? null,
      calendar: environment.calendar,
      checks: environment.checks.map(
        (check): CheckConfig => ({
          id: check.id,
          environmentId: environment.id,
          url: check.url,
          kind: check.url.startsWith('tcp:') ? 'tcp' : 'http',
          method: check.method,
          role: check.role,
          feature: check.feature ?? null,
          everyMs: check.every.everyMs,
          cron: check.every.cron,
          timeoutMs: check.timeout,
          slowAfterMs: check.slowAfter ?? null,
          confirmAfter: check.confirmAfter,
          certificateWarningMs: certificateWarningMs(check),
          expect: expectations(check.expect.status, check.expect.body ?? null),
          // The quorum the check sets, or its environment's, or at least half of the locations
          // probing the check (a check that narrows them counts its own).
          locations: check.locations ?? environmentLocations,
          quorum: check.quorum ?? environment.quorum ?? defaultQuorum((check.locations ?? environmentLocations).length),
          reference: check.reference,
        }),
      ),
      locations: environmentLocations,
      quorum: environmentQuorum,
    };
  });
  return {
    database: raw.database ?? null,
    locations,
    target: raw.target,
    coverageMinimum: raw.coverageMinimum,
    calendars,
    environments,
    majorFeatures: raw.features?.major ?? [...DEFAULT_MAJOR_FEATURES],
    incidentClocks: raw.incidents?.clocks ?? {},
    retention: raw.retention,
    probe: raw.probe,
    http: raw.http,
    clients: toClients(raw.clients),
    notifications: toNotifications(raw.notifications),
  };
}

/**
 * One frozen value per distinct expectation, which every check expecting the same shares: at
 * 50,000 checks that mostly expect a 2xx or 3xx answer, each kept its own object, array and
 * range (about 120 bytes a check).
 */
function sharedExpectations(): (status: readonly StatusRange[], body: string | null) => CheckConfig['expect'] {
  const seen = new Map<string, CheckConfig['expect']>();
  return (status, body) => {
    const key = `${status.map((range) => `${range.from}-${range.to}`).join(',')} ${body ?? ''} ${body === null}`;
    let expect = seen.get(key);
    if (!expect) seen.set(key, (expect = { status, body }));
    return expect;
  };
}

/** Attaches the YAML line of the deepest node that exists along the path. */
function locate(doc: Document, lines: LineCounter, path: Array<string | number>, message: string): ConfigIssue {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range && (depth === 0 || isMap(node) || isSeq(node) || node)) {
      return { path: formatPath(path), message, line: lines.linePos(range[0]).line };
    }
  }
  return { path: formatPath(path), message };
}

function sortByLine(issues: ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** 14 days unless set; only https checks have a certificate to watch. */
function certificateWarningMs(check: { url: string; certificateWarning?: number | 'off' | undefined }): number | null {
  if (!check.url.startsWith('https:') || check.certificateWarning === 'off') return null;
  return check.certificateWarning ?? DEFAULT_CERTIFICATE_WARNING_MS;
}
