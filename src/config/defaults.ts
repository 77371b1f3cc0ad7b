// Defaults taken from the rules (docs/rules.md): 99 %, the contract's major features (§6.0),
// 30 days of raw results.
export const DEFAULT_TARGET = 99;

export const DEFAULT_MAJOR_FEATURES = [
  'login', // login and authentication, SSO included
  'projects', // project page and list
  'budget', // budget management
  'contracts', // contracts and contract changes
  'schedule', // schedule (échéancier)
  'invoicing', // payment requests and invoicing
  'logbook', // logbook (journal de bord)
  'notifications',
  'cost-summary', // loading and integrity of the cost-summary data
] as const;

export const DEFAULT_RETENTION_DAYS = 30;
/** Days latency percentiles per check per minute are kept (docs/configuration.md). */
export const DEFAULT_LATENCY_MINUTES_DAYS = 7;
export const DEFAULT_PROBE_CONCURRENCY = 64;
/** Probe results a prober keeps in memory while the database refuses writes (src/prober/result-writer.ts). */
export const DEFAULT_MAX_QUEUED_RESULTS = 100_000;
/**
 * How far a prober's clock may be from the database's (PostgreSQL) before its results are
 * refused: time-synchronised hosts stay within milliseconds, and results stamped seconds off
 * would move outages' starts and ends by as much.
 */
export const DEFAULT_MAX_CLOCK_OFFSET_MS = 5_000;
export const DEFAULT_CONFIRM_AFTER = 2;
export const DEFAULT_STATUS = '200-399';

/** Alert the team this long before an https check's certificate expires. */
export const DEFAULT_CERTIFICATE_WARNING_MS = 14 * 86_400_000;
