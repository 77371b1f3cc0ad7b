import { setMaxListeners } from 'node:events';
import type { Agent } from 'undici';
import { buildCalendars, type Calendars } from '../config/calendars.ts';
import { namesLocations, probedFrom } from '../config/probed-from.ts';
import { sourceAddressOf } from '../config/source-address.ts';
import { IMPLICIT_LOCATION, type CheckConfig, type Config } from '../config/types.ts';
import { locationTimelineWriter } from '../locations/location-timeline.ts';
import { INITIAL_STATE, detect, type DetectorParams, type DetectorState } from '../outages/detector.ts';
import { indexChecks, outageRecorder, type OutageEventsWriter, type OutageRecorderDeps } from '../outages/outage-recorder.ts';
import { createProbeAgent } from '../probe/agent.ts';
import { createCertificateLog } from '../probe/certificate-log.ts';
import { createConnectAttempts } from '../probe/connect-attempts.ts';
import { STOPPED_REASON, runProbe } from '../probe/run-probe.ts';
import type { ProbeResult } from '../probe/types.ts';
import { scheduleChecks } from '../schedule/check-schedule.ts';
import type { RunningSchedule } from '../schedule/interval-schedule.ts';
import { nominalIntervalMs } from '../schedule/nominal-interval.ts';
import { realTimers, type Timers } from '../schedule/timers.ts';
import type { DatabaseWrites } from '../store/database-writes.ts';
import { CLOCK_CHECK_EVERY_MS, ClockGuard } from './clock-guard.ts';
import { readDatabaseClock } from '../lease/database-clock.ts';
import { LagWindow } from './lag-window.ts';
import { CheckStarts } from './overdue-checks.ts';
import { watchClockSteps } from '../schedule/clock-step.ts';
import { Limiter } from './limiter.ts';
import { watchProbe } from './probe-watchdog.ts';
import { readDetectorStates } from './restore-states.ts';
import { openResultSink } from './open-result-sink.ts';
import type { PendingResult, ResultSink, WriteFence } from './result-sink.ts';
import type { Store } from '../store/store.ts';
import { ResultWriter } from './result-writer.ts';

/** Probes one check once; resolves to a result whatever the target does. */
export type ProbeFunction = (check: CheckConfig, stopSignal: AbortSignal) => Promise<ProbeResult>;

export interface ProberOptions {
  readonly config: Config;
  readonly calendars?: Calendars;
  /** The time stamped on results and outages (injected by tests). */
  readonly clock?: () => number;
  /** The time and timers the schedule runs on (real ones unless a test drives them). */
  readonly timers?: Timers;
  /** The notification sink (src/notify/events.ts): told of incidents, outages and certificates in the write transaction. */
  readonly notices?: OutageRecorderDeps['notices'];
  /**
   * How a batch writes the outage changes its results caused: the outage recorder
   * (src/outages/outage-recorder.ts) unless another writer of the same events is given. A prober
   * opened as a configured location (openProber) writes that location's own timeline instead
   * (src/locations/location-timeline.ts), never the check's outages.
   */
  readonly recordOutageEvents?: OutageEventsWriter;
  /** Replaces the network probe (tests of the detection and persistence path). */
  readonly probe?: ProbeFunction;
  /** false: nothing runs on its own; `runCheck` drives the prober (tests). */
  readonly schedule?: boolean;
  readonly flushEveryMs?: number;
  readonly batchSize?: number;
  /** Results kept in memory while the database refuses writes (src/prober/result-writer.ts); by default the configuration's probe.maxQueuedResults. */
  readonly maxQueued?: number;
  /** The daemon's record of whether the database takes writes: told of each batch, and spaces retries. */
  readonly writes?: DatabaseWrites;
  /**
   * The local address probes leave from (a location bound to its own address or interface):
   * `--source-address`. By default openProber takes the one `probe.sourceAddress` gives its
   * location, else the system chooses.
   */
  readonly localAddress?: string | undefined;
  /**
   * Whether a probe of the check may start now; by default every check's may. Probers sharing
   * a location's checks (src/share) probe only those of the shards they hold: a turn of any
   * other is skipped, neither probed nor counted.
   */
  readonly mayProbe?: (checkId: string) => boolean;
  /**
   * The fencing number of the check's shard a probe starting now carries to its write (probers
   * sharing a location, src/share/write-fence.ts), given with `writeFence`, which checks it.
   */
  readonly fenceOf?: (checkId: string) => number | undefined;
  /** Probers sharing a location: results of a shard another took since their probe began are not written. */
  readonly writeFence?: WriteFence;
}

export interface ProberHealth {
  readonly ok: boolean;
  readonly details: Record<string, unknown>;
}

export interface ProberStats {
  readonly checks: number;
  readonly done: number;
  readonly skippedOverlap: number;
  readonly missedTurns: number;
  readonly written: number;
  readonly pendingResults: number;
  /** Probes given up on at their deadline plus a grace, recorded as `timeout`. */
  readonly abandonedProbes: number;
  /** Results not written because another prober took their check's shard meanwhile (src/share/write-fence.ts). */
  readonly fencedOutResults: number;
  /** Probes due and waiting for a free slot (probe.concurrency). */
  readonly queued: number;
  /** Probes started more than LATE_START_MS after their turn: the prober falling behind its schedule. */
  readonly lateStarts: number;
}

export interface Prober {
  /** Probes a check now (or for its turn at `dueAt`) and feeds the result to its detector. */
  runCheck(checkId: string, dueAt?: number): Promise<void>;
  /** Writes the queued results at once; settles once written or failed. */
  flush(): Promise<void>;
  health(): ProberHealth;
  stats(): ProberStats;
  /**
   * On PostgreSQL, reads the database's clock now and judges this host's against
   * `probe.maxClockOffset` (it is also done at start and every 30 s); on SQLite, whose clock is
   * the host's, nothing.
   */
  checkClock(): Promise<void>;
  /** Stops scheduling, cuts in-flight probes short, writes what is queued. */
  stop(): Promise<void>;
  /**
   * Checks another prober probed until now (a shard taken over, src/share): their detector
   * states read again from the database, and what the result sink remembers of them forgotten,
   * before any of them is probed here.
   */
  adopt(checkIds: readonly string[]): Promise<void>;
  /**
   * Checks no longer probed here (`mayProbe` says no): waits for their runs in progress, then
   * writes every result queued. Rejects when the results could not be written.
   */
  settle(checkIds: readonly string[]): Promise<void>;
}

// A probe starting more than this after its turn means the prober is not keeping up.
const LAG_LIMIT_MS = 5_000;
const LAG_WINDOW_MS = 60_000;
/**
 * A probe starting later than this after its turn is late. Not the queue's length: with
 * thousands of checks a second, a 100 ms slot makes hundreds due at once, more than the slots,
 * and they start within it all the same.
 */
export const LATE_START_MS = 250;
const DEFAULT_FLUSH_EVERY_MS = 1_000;
const DEFAULT_BATCH_SIZE = 500;

export interface StoreProberOptions extends ProberOptions {
  /** The store, SQLite or PostgreSQL: no better-sqlite3 handle needed. */
  readonly store: Store;
  /**
   * PostgreSQL: the database's clock, which `clock` is held to within probe.maxClockOffset; by
   * default the server's, read through the store. A test that injects `clock` at a fixed time injects this too.
   */
  readonly databaseClock?: () => Promise<number>;
  /**
   * The location this prober probes as (docs/locations.md): only the checks whose locations
   * include it, its results stored as that location's. One of the configuration's locations;
   * `default` (the implicit one) when the configuration names none.
   */
  readonly location?: string;
}

/**
 * The prober on a store, SQLite or PostgreSQL: detectors restored through the store, each batch
 * written by the store's result sink (src/prober/open-result-sink.ts). The outages of removed
 * checks are closed by whoever holds their lease (src/daemon/once-only-work.ts), not here.
 */
export async function openProber(options: StoreProberOptions): Promise<Prober> {
  const { store, config } = options;
  const clock = options.clock ?? Date.now;
  const recorder = recorderDeps(options);
  const location = options.location ?? IMPLICIT_LOCATION;
  const probed = probedFrom(config, location);
  const states = await readDetectorStates(store, probed, clock(), location);
  // Several hosts write one history on PostgreSQL: a host whose clock is off has its results refused.
  const databaseClock = options.databaseClock;
  const readClock = databaseClock ? async () => ({ sentAt: clock(), databaseNow: await databaseClock(), receivedAt: clock() }) : () => readDatabaseClock(store, clock);
  const clockGuard = store.dialect === 'postgresql' ? new ClockGuard(readClock, config.probe.maxClockOffset, (line) => console.error(line)) : undefined;
  await clockGuard?.check();
  const sink = await openResultSink(store, {
    // With configured locations the results make the location's own timeline, never the check's outages.
    recordOutageEvents: namesLocations(config) ? locationTimelineWriter(location) : (options.recordOutageEvents ?? outageRecorder(recorder)),
    notices: options.notices,
    location,
    fence: options.writeFence,
  });
  // Leaving from the address it is given (--source-address), else the one the configuration gives its location.
  const localAddress = options.localAddress ?? sourceAddressOf(config, location);
  return runProber({ ...options, localAddress }, recorder, indexChecks(probed), states, sink, (checkIds) => readDetectorStates(store, withEnvironmentsOf(probed, checkIds), clock(), location), { clockGuard });
}

/**
 * The configuration narrowed to the environments holding these checks, each whole: restoring a
 * check's state asks whether its environment was ever probed, by any of its checks.
 */
function withEnvironmentsOf(config: Config, checkIds: readonly string[]): Config {
  const wanted = new Set(checkIds);
  return { ...config, environments: config.environments.filter((environment) => environment.checks.some((check) => wanted.has(check.id))) };
}

function recorderDeps(options: Pick<ProberOptions, 'config' | 'calendars' | 'notices'>): OutageRecorderDeps & { checks: ReturnType<typeof indexChecks> } {
  const calendars = options.calendars ?? buildCalendars(options.config);
  return { config: options.config, calendars, notices: options.notices, checks: indexChecks(options.config) };
}

/** Schedule → probe → detector → the writer, once the detectors are restored and the sink open. */
function runProber(
  options: ProberOptions,
  recorder: ReturnType<typeof recorderDeps>,
  checks: ReturnType<typeof indexChecks>,
  states: Map<string, DetectorState>,
  sink: ResultSink,
  restore: (checkIds: readonly string[]) => Promise<Map<string, DetectorState>>,
  /** The clock guard (PostgreSQL). */
  start: { clockGuard?: ClockGuard | undefined } = {},
): Prober {
  const { clockGuard } = start;
  const { config, calendars } = recorder;
  const clock = options.clock ?? Date.now;
  const timers = options.timers ?? realTimers;
  const mayProbe = options.mayProbe ?? (() => true);
  const fenceOf = options.fenceOf;
  const params = new Map<string, DetectorParams>(
    [...checks.values()].map(({ check }) => [check.id, { confirmAfter: check.confirmAfter, intervalMs: nominalIntervalMs(check) }]),
  );
  const writer = new ResultWriter(sink, clock, {
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    maxQueued: options.maxQueued ?? config.probe.maxQueuedResults,
    ...(options.writes ? { writes: options.writes } : {}),
  });
  const limiter = new Limiter(config.probe.concurrency);
  const lags = new LagWindow();
  const stopping = new AbortController();
  // Every probe in flight listens to it (through src/probe/abort-fanout.ts, or a test's probe function on its own): not a leak.
  setMaxListeners(0, stopping.signal);
  // The run in progress (queued or in flight) of each check.
  const busy = new Map<string, Promise<void>>();
  let agent: Agent | null = null;
  const certificates = createCertificateLog();
  const attempts = createConnectAttempts();
  // Connection attempts left behind by probes that ended at their deadline last no longer than the longest deadline.
  const connectTimeoutMs = Math.max(1, ...[...checks.values()].map(({ check }) => check.timeoutMs));
  const probe: ProbeFunction =
    options.probe ??
    ((check, stopSignal) => {
      agent ??= createProbeAgent({ certificates, attempts, connectTimeoutMs, localAddress: options.localAddress });
      return runProbe(check, { dispatcher: agent, stopSignal, certificates: sink.certificateOf, localAddress: options.localAddress });
    });
  let done = 0;
  let skippedOverlap = 0;
  let lateStarts = 0;
  let abandonedProbes = 0;
  let lastTurnAt = timers.now();
  const shortestInterval = Math.min(...[...params.values()].map((p) => p.intervalMs));
  const starts = new CheckStarts(new Map([...params].map(([id, p]) => [id, p.intervalMs])), timers.now());
  const clockSteps = watchClockSteps(() => timers.wallNow?.() ?? Date.now(), () => timers.now(), (line) => console.error(line));

  // One async function per run, from the queue for a slot to the result handed to the writer:
  // each layer of promises more (a wrapper per run, a catch, a finally) was allocated per probe.
  async function probeAndRecord(check: CheckConfig, dueAt: number | undefined): Promise<void> {
    const waiting = limiter.acquire();
    try {
      // Awaited even when a slot was free: the run is in `busy` (runCheck) before it can end.
      await waiting;
      // Asked again once its turn in the queue comes: the check may have been given up meanwhile.
      if (stopping.signal.aborted || !mayProbe(check.id)) return;
      const fence = fenceOf?.(check.id);
      starts.started(check.id, timers.now());
      if (dueAt !== undefined) {
        const lag = timers.now() - dueAt;
        lags.record(timers.now(), lag);
        if (lag > LATE_START_MS) lateStarts++;
      }
      const at = clock();
      const { result, abandoned } = await watchProbe(probe(check, stopping.signal), check, stopping.signal, timers);
      if (abandoned) {
        abandonedProbes++;
        console.error(`prober: check ${check.id}: the probe did not return within its timeout (${check.timeoutMs} ms); recorded as timeout`);
      }
      // A probe cut short by the shutdown observed nothing about the target.
      if (stopping.signal.aborted && result.reason === STOPPED_REASON) return;
      // Stamped by a clock off the database's: neither written nor seen by the detector.
      if (clockGuard && !clockGuard.accepts()) return;
      const step = detect(states.get(check.id) ?? INITIAL_STATE, { at, status: result.status, reason: result.reason }, params.get(check.id)!);
      states.set(check.id, step.state);
      done++;
      const item: PendingResult = fence === undefined ? { check, at, result, events: step.events } : { check, at, result, events: step.events, fence };
      writer.add(item);
    } catch (error) {
      console.error(`prober: check ${check.id}:`, error);
    } finally {
      limiter.release();
      busy.delete(check.id);
    }
  }

  function runCheck(checkId: string, dueAt?: number): Promise<void> {
    const entry = checks.get(checkId);
    if (!entry || stopping.signal.aborted) return Promise.resolve();
    if (!mayProbe(checkId)) {
      // Its turn came, and is another prober's: this one is not failing to run it.
      if (dueAt !== undefined) starts.started(checkId, timers.now());
      return Promise.resolve();
    }
    if (dueAt !== undefined) lastTurnAt = timers.now();
    // One run of a check at a time: a turn that comes while the last one is still queued or
    // in flight is skipped (and counted) rather than piling up behind it; it settles with that
    // run, so whoever asked for it knows when the check's latest result is in.
    const running = busy.get(checkId);
    if (running) {
      skippedOverlap++;
      return running;
    }
    const run = probeAndRecord(entry.check, dueAt);
    busy.set(checkId, run);
    return run;
  }

  // `whenDue`: while the database refuses writes, the periodic flush waits for the retry time;
  // asked for explicitly, it tries at once. A failure is logged when it begins, not every second.
  const flush = async (when: { whenDue?: boolean } = {}) => {
    const wasFailing = writer.lastError !== null;
    await writer.flush(when);
    if (writer.lastError && !wasFailing) console.error(`prober: could not write results (${writer.pending} waiting): ${writer.lastError.message}`);
  };

  const scheduling = options.schedule ?? true;
  const schedule: RunningSchedule | null = scheduling
    ? scheduleChecks([...checks.values()].map(({ check }) => check), (id, dueAt) => void runCheck(id, dueAt), {
        timeZone: calendars.default.timeZone,
        timers,
      })
    : null;
  const flushTimer = scheduling
    ? setInterval(() => {
        clockSteps.look();
        void flush({ whenDue: true });
      }, options.flushEveryMs ?? DEFAULT_FLUSH_EVERY_MS)
    : null;
  let clockCheck: Promise<unknown> = Promise.resolve();
  const checkClock = () => (clockCheck = clockGuard?.check() ?? Promise.resolve()).then(() => undefined);
  const clockTimer = scheduling && clockGuard ? setInterval(() => void checkClock(), CLOCK_CHECK_EVERY_MS) : null;
  clockTimer?.unref();

  let stopped: Promise<void> | null = null;
  return {
    runCheck,
    flush: () => flush(),
    checkClock,
    async adopt(checkIds) {
      const known = checkIds.filter((checkId) => checks.has(checkId));
      if (known.length === 0) return;
      const restored = await restore(known);
      sink.forget(known);
      for (const checkId of known) states.set(checkId, restored.get(checkId) ?? INITIAL_STATE);
    },
    async settle(checkIds) {
      await Promise.allSettled(checkIds.flatMap((checkId) => busy.get(checkId) ?? []));
      // An explicit flush writes everything queued when it began (their results among it), or fails.
      await flush();
      if (writer.lastError) throw new Error(`${writer.pending} results could not be written: ${writer.lastError.message}`);
    },
    stats: () => ({
      checks: checks.size,
      done,
      skippedOverlap,
      missedTurns: schedule?.missed ?? 0,
      // The writer counts a batch's results as written; those its fence refused were not.
      written: writer.written - (options.writeFence?.refusedResults ?? 0),
      pendingResults: writer.pending,
      abandonedProbes,
      fencedOutResults: options.writeFence?.refusedResults ?? 0,
      queued: limiter.queued,
      lateStarts,
    }),
    health() {
      const now = timers.now();
      const lag = lags.summary(now, LAG_WINDOW_MS);
      const silentFor = now - lastTurnAt;
      // Due checks not being run: the one most overdue, failing health past max(2 intervals, 15 s).
      const overdue = scheduling ? starts.mostOverdue(now) : null;
      const keepingUp =
        (lag.p99 ?? 0) <= LAG_LIMIT_MS && (!scheduling || checks.size === 0 || silentFor <= shortestInterval + LAG_LIMIT_MS) && !overdue?.beyondAllowance;
      const writing = writer.lastError === null;
      const clock = clockGuard?.health();
      return {
        ok: keepingUp && writing && !clock?.clockRefused && !stopping.signal.aborted,
        details: {
          probing: true,
          checks: checks.size,
          lagP50Ms: lag.p50,
          lagP99Ms: lag.p99,
          lagMaxMs: lag.max,
          lagWindowMs: LAG_WINDOW_MS,
          probesInWindow: lag.count,
          inFlight: limiter.running,
          queued: limiter.queued,
          skippedOverlap,
          abandonedProbes,
          missedTurns: schedule?.missed ?? 0,
          mostOverdueCheck: overdue?.checkId ?? null,
          mostOverdueMs: overdue?.lateMs ?? 0,
          pendingResults: writer.pending,
          droppedResults: writer.dropped,
          fencedOutResults: options.writeFence?.refusedResults ?? 0,
          lastWriteAt: writer.lastWriteAt === null ? null : new Date(writer.lastWriteAt).toISOString(),
          writeError: writer.lastError?.message ?? null,
          ...(clock ?? {}),
        },
      };
    },
    stop() {
      stopped ??= (async () => {
        schedule?.stop();
        if (flushTimer) clearInterval(flushTimer);
        if (clockTimer) clearInterval(clockTimer);
        stopping.abort();
        await Promise.allSettled([...busy.values()]);
        await clockCheck;
        await writer.flush();
        if (writer.lastError) console.error(`prober: ${writer.pending} results could not be written at shutdown: ${writer.lastError.message}`);
        attempts.abandonAll();
        await agent?.destroy();
      })();
      return stopped;
    },
  };
}
