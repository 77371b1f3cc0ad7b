import type { CalendarSpec } from '../calendar/spec.ts';
import type { ClientConfig, NotificationsConfig } from './notifications-schema.ts';

export type { ChannelConfig, ClientConfig, ContactConfig, DeliveryPolicy, Language, NotificationsConfig, SmtpConfig } from './notifications-schema.ts';

export type EnvironmentType = 'production' | 'staging' | 'development' | 'training';
export const ENVIRONMENT_TYPES = ['production', 'staging', 'development', 'training'] as const;

export type CheckRole = 'availability' | 'feature';
export type Priority = 'I' | 'II' | 'III' | 'IV';
export const PRIORITIES = ['I', 'II', 'III', 'IV'] as const;

/** Inclusive ranges of accepted HTTP status codes; `200-399` by default. */
export interface StatusRange { from: number; to: number }

export interface CheckConfig {
  readonly id: string;
  readonly environmentId: string;
  readonly url: string;
  readonly kind: 'http' | 'tcp';
  readonly method: 'GET' | 'HEAD';
  readonly role: CheckRole;
  /** The product feature a `feature` check exercises; null for availability checks. */
  readonly feature: string | null;
  /** Fixed interval between probes, or null when the check runs on `cron`. */
  readonly everyMs: number | null;
  /** A cron expression (seconds field allowed) when `every` was written as one. */
  readonly cron: string | null;
  readonly timeoutMs: number;
  readonly slowAfterMs: number | null;
  readonly confirmAfter: number;
  /** How long before the certificate's notAfter the team is alerted; null: not an https check, or `off`. */
  readonly certificateWarningMs: number | null;
  readonly expect: { readonly status: readonly StatusRange[]; readonly body: string | null };
  /** The locations that probe the check (docs/locations.md): its own list, its environment's, or all. */
  readonly locations: readonly string[];
  /** How many of those locations must see the check down for it to be down (and observe it for it to be observed). */
  readonly quorum: number;
  /**
   * A reference check (docs/locations.md): a target that should always answer, whose failure
   * from a location is that location's own failure (it is then impaired). Absent: false.
   */
  readonly reference?: boolean;
}

export interface EnvironmentConfig {
  readonly id: string;
  readonly name: string;
  readonly type: EnvironmentType;
  readonly public: boolean;
  readonly clients: readonly string[];
  /** Start of the SLA; null means "the first time the daemon saw the environment". */
  readonly slaStart: number | null;
  /** Name of the calendar its figures and incidents use. */
  readonly calendar: string;
  readonly checks: readonly CheckConfig[];
  /** The locations that probe the environment's checks unless a check narrows them. */
  readonly locations: readonly string[];
  /** The quorum of its checks that set none. */
  readonly quorum: number;
}

/** One deadline clock of rule 8: an amount of business time (or elapsed time) from opening. */
export interface ClockSetting {
  readonly ms?: number;
  readonly businessDays?: number;
  readonly clock: 'business' | 'elapsed';
}

export interface PriorityClocks {
  readonly response: ClockSetting;
  readonly resolution: ClockSetting | null;
}

/** The one location of a configuration that names none: the daemon probing from where it runs. */
export const IMPLICIT_LOCATION = 'default';

export interface Config {
  /** The database the configuration names (`database`): a SQLite file path or a PostgreSQL URL; null: not said (`--db` or its default). */
  readonly database: string | null;
  /** The configured locations, or the one implicit location `default` when the file names none. */
  readonly locations: readonly string[];
  /** Availability target in percent. */
  readonly target: number;
  /** Percent of business time observed below which a monthly verdict rests on too little observation. */
  readonly coverageMinimum: number;
  /** Named calendars; `default` always exists. */
  readonly calendars: Readonly<Record<string, CalendarSpec>>;
  readonly environments: readonly EnvironmentConfig[];
  /** Feature ids that count as major for rule 8; anything else is secondary. */
  readonly majorFeatures: readonly string[];
  /** Overrides of the rule-8 clocks per priority (missing priorities keep the defaults). */
  readonly incidentClocks: Readonly<Partial<Record<Priority, PriorityClocks>>>;
  readonly retention: {
    /** Days probe runs and failures are kept (daily rollups are kept for ever). */
    readonly rawResultsDays: number;
    /** Days latency percentiles per check per minute are kept. */
    readonly latencyMinutesDays: number;
  };
  readonly probe: {
    readonly concurrency: number;
    /** Results kept in memory while the database refuses writes; the time of those dropped beyond is unmonitored. */
    readonly maxQueuedResults: number;
    /** Results of a prober whose clock is further than this from the database's are refused (PostgreSQL; src/prober/clock-guard.ts). */
    readonly maxClockOffset: number;
    /**
     * The local address probes leave from: one for every prober, or one per location by name
     * (src/config/source-address.ts); absent, the system chooses. `--source-address` wins.
     */
    readonly sourceAddress?: string | Readonly<Record<string, string>>;
  };
  /**
   * Reverse proxies in front of the daemon: from their addresses, X-Forwarded-For names the
   * client (for per-client limits); from any other, it is ignored.
   */
  readonly http: { readonly trustedProxies: readonly string[] };
  /** Clients by the name environments' `clients` use, with the contacts formal notices go to. */
  readonly clients: Readonly<Record<string, ClientConfig>>;
  readonly notifications: NotificationsConfig;
}
