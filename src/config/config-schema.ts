import { isIP } from 'node:net';
import { z } from 'zod';
import { calendarSchema } from './calendar-schema.ts';
import { DEFAULT_COVERAGE_MINIMUM } from '../sla/coverage.ts';
import { DEFAULT_LATENCY_MINUTES_DAYS, DEFAULT_MAJOR_FEATURES, DEFAULT_MAX_CLOCK_OFFSET_MS, DEFAULT_MAX_QUEUED_RESULTS, DEFAULT_PROBE_CONCURRENCY, DEFAULT_RETENTION_DAYS, DEFAULT_TARGET } from './defaults.ts';
import { environmentSchema } from './environment-schema.ts';
import { durationField, idField } from './fields.ts';
import { formatDuration } from '../time/duration.ts';
import { incidentsSchema } from './incidents-schema.ts';
import { clientsSchema, notificationsSchema } from './notifications-schema.ts';
import { databaseField, locationsField, sourceAddressField } from './locations-schema.ts';

/** The whole file; every object is strict so that a misspelt key is an error, not a silent default. */
export const configSchema = z.strictObject({
  // Where the data lives: a SQLite file (the default, data/veille.db) or a PostgreSQL URL; --db wins.
  database: databaseField.optional(),
  // The places checks are probed from (docs/locations.md); absent, one implicit location.
  locations: locationsField.optional(),
  target: z.number().gt(0).max(100).default(DEFAULT_TARGET),
  // Percent of a month's business time that must be observed for its verdict to stand on its own.
  coverageMinimum: z.number().min(0, 'must be a percentage from 0 to 100').max(100, 'must be a percentage from 0 to 100').default(DEFAULT_COVERAGE_MINIMUM),
  calendar: calendarSchema,
  calendars: z.record(idField, calendarSchema).optional(),
  features: z.strictObject({ major: z.array(idField).optional() }).optional(),
  incidents: incidentsSchema,
  retention: z
    .strictObject({
      rawResultsDays: z.int().min(1).max(3650).default(DEFAULT_RETENTION_DAYS),
      latencyMinutesDays: z.int().min(1).max(3650).default(DEFAULT_LATENCY_MINUTES_DAYS),
    })
    .default({ rawResultsDays: DEFAULT_RETENTION_DAYS, latencyMinutesDays: DEFAULT_LATENCY_MINUTES_DAYS }),
  probe: z
    .strictObject({
      concurrency: z.int().min(1).max(10_000).default(DEFAULT_PROBE_CONCURRENCY),
      // Results kept in memory while the database refuses writes; beyond, the oldest are dropped and their time is unmonitored.
      maxQueuedResults: z.int().min(1).max(10_000_000).default(DEFAULT_MAX_QUEUED_RESULTS),
      // How far a prober's clock may be from the database's before its results are refused (PostgreSQL).
      maxClockOffset: durationField
        .pipe(z.number().min(100, 'must be from 100ms to 1h').max(3_600_000, 'must be from 100ms to 1h'))
        .prefault(formatDuration(DEFAULT_MAX_CLOCK_OFFSET_MS)),
      // The local address probes leave from (a location bound to its own address); `--source-address` wins.
      sourceAddress: sourceAddressField.optional(),
    })
    .prefault({}),
  http: z
    .strictObject({
      trustedProxies: z
        .array(z.string().refine((text) => isIP(text) !== 0, 'must be an IP address'))
        .max(100, 'at most 100 addresses')
        .default([]),
    })
    .default({ trustedProxies: [] }),
  clients: clientsSchema,
  notifications: notificationsSchema,
  environments: z.array(environmentSchema).min(1, 'list at least one environment'),
});

export type ConfigYaml = z.output<typeof configSchema>;
export { DEFAULT_MAJOR_FEATURES };
