import { namesLocations, probedFrom } from '../config/probed-from.ts';
import type { CheckConfig, Config } from '../config/types.ts';
import type { HeldLease, Leases } from '../lease/lease-store.ts';
import type { OutageEventsWriter } from '../outages/outage-recorder.ts';
import { allDownSettledUntil, impairedSpans } from '../quorum/impairment.ts';
import { isSilent, locationView, type LocationView } from '../quorum/location-view.ts';
import { quorumVerdict, type QuorumVerdict } from '../quorum/quorum-verdict.ts';
import { nominalIntervalMs } from '../schedule/nominal-interval.ts';
import type { Store } from '../store/store.ts';
import { normalize, subtract, type Interval } from '../time/interval.ts';
import { LocationFactsCache, readProgress, type StoredLocationFacts } from './quorum-facts.ts';
import { writeDecisions, type Decision } from './quorum-writes.ts';

export interface QuorumDeps {
  readonly store: Store;
  readonly config: Config;
  /** Writes the check's outage changes, its incidents and alerts, in the job's transaction (the outage recorder). */
  readonly writeOutageEvents: OutageEventsWriter;
  /** When given, each check's decision is written only while this lease is still held (src/lease). */
  readonly lease?: { readonly leases: Leases; readonly held: HeldLease } | undefined;
}

export interface QuorumRound {
  /** Checks whose decision moved forward. */
  readonly decided: number;
}

/** Rounds of the quorum that keep what they read from one round to the next. */
export interface QuorumRounds {
  /** One round at `now`, with the configuration in force (by default the one given at first). */
  run(now: number, config?: Config): Promise<QuorumRound>;
}

const FOREVER = Number.MAX_SAFE_INTEGER;
/** Decisions written per transaction: the probers' writes wait for one such chunk at most. */
const CHECKS_PER_TRANSACTION = 500;

/** What the rounds keep: the locations' facts, how far each check is decided, each location's view of each check. */
class RoundState {
  readonly facts = new LocationFactsCache();
  readonly progress = new Map<string, number>();
  readonly progressRead = new Set<string>();
  /** Each check's view from each of its locations, in the order of `check.locations`. */
  readonly views = new WeakMap<CheckConfig, { facts: StoredLocationFacts; silent: boolean; view: LocationView }[]>();
  readonly intervals = new WeakMap<CheckConfig, number>();
  /** Set when the store holds what this state did not see coming (another holder's decisions): the next round starts afresh. */
  stale = false;
}

/**
 * The quorum's rounds (docs/locations.md): each check's decision carried from where the last
 * round left it up to the instant every location probing it (and each such location's
 * impairment) is settled. Locations impaired (a reference check down, or every check they probe
 * down at once) do not testify; the check is down while at least its quorum of the locations
 * observing it see it down, and unmonitored while fewer than its quorum observe it.
 *
 * A round costs what changed: the locations' facts are read in full once, then only what was
 * added or can still change (src/locations/quorum-facts.ts); a check none of whose locations
 * moved is passed over in memory; the decisions are written a chunk of checks per transaction
 * (src/locations/quorum-writes.ts), under the lease, each with its progress, so a restart or
 * another holder carries on from there and never writes a decision twice. A round that fails,
 * or finds decisions it did not make, leaves the next one to read everything again.
 */
export function quorumRounds(deps: QuorumDeps): QuorumRounds {
  let state = new RoundState();
  return {
    async run(now, config = deps.config) {
      try {
        return await round(deps, config, state, now);
      } catch (error) {
        state.stale = true;
        throw error;
      } finally {
        if (state.stale) state = new RoundState();
      }
    },
  };
}

/** One round that reads everything it needs afresh. */
export function runQuorumRound(deps: QuorumDeps, now: number): Promise<QuorumRound> {
  return quorumRounds(deps).run(now);
}

async function round(deps: QuorumDeps, config: Config, state: RoundState, now: number): Promise<QuorumRound> {
  const { store } = deps;
  if (!namesLocations(config)) return { decided: 0 };
  const checks = config.environments.flatMap((environment) => environment.checks);
  const checkIds = checks.map((check) => check.id);
  const unread = checkIds.filter((id) => !state.progressRead.has(id));
  if (unread.length) {
    const read = await readProgress(store, unread);
    for (const id of unread) {
      state.progressRead.add(id);
      const until = read.get(id);
      if (until !== undefined) state.progress.set(id, until);
    }
  }
  const { facts, progress } = state;
  await facts.refresh(store, checkIds, (id) => progress.get(id) ?? -FOREVER);

  const intervalOf = (check: CheckConfig) => {
    let interval = state.intervals.get(check);
    if (interval === undefined) state.intervals.set(check, (interval = nominalIntervalMs(check)));
    return interval;
  };
  // Each check's views from its locations, once a round. A view that does not move with `now`
  // (its location reports, its facts unchanged) is kept from the round before.
  const viewsOf = new Map<CheckConfig, LocationView[]>();
  for (const check of checks) {
    const interval = intervalOf(check);
    const kept = state.views.get(check) ?? [];
    const views = check.locations.map((location, n) => {
      const own = facts.of(location, check.id);
      const silent = isSilent(own, interval, now);
      const before = kept[n];
      if (before && before.facts === own && !silent && !before.silent && before.view.settledUntil < now) return before;
      return { facts: own, silent, view: locationView(own, interval, now) };
    });
    state.views.set(check, views);
    viewsOf.set(check, views.map((entry) => entry.view));
  }
  const viewOf = (location: string, check: CheckConfig): LocationView => viewsOf.get(check)![check.locations.indexOf(location)]!;
  // Each location's impairment, and until when it is settled.
  const impairment = new Map<string, { spans: Interval[]; settledUntil: number }>();
  for (const location of config.locations) {
    const own = probedFrom(config, location).environments.flatMap((environment) => environment.checks);
    const ownViews = own.map((check) => viewOf(location, check));
    // Its reference checks failing, or every check it probes failing at once (two at least).
    const references = own.filter((check) => check.reference).map((check) => viewOf(location, check));
    const spans = impairedSpans({ checksDown: ownViews.length >= 2 ? ownViews.map((view) => view.down) : [], referenceDown: normalize(references.flatMap((view) => view.down)), minChecks: 2 });
    const referencesSettled = references.reduce((earliest, view) => Math.min(earliest, view.settledUntil), FOREVER);
    impairment.set(location, { spans, settledUntil: ownViews.length >= 2 ? Math.min(allDownSettledUntil(ownViews), referencesSettled) : referencesSettled });
  }

  const decisions: Decision[] = [];
  for (const check of checks) {
    const decidedUntil = progress.get(check.id) ?? null;
    const from = decidedUntil ?? firstWord(check, facts);
    if (from === null) continue;
    const views = viewsOf.get(check)!;
    let until = now;
    check.locations.forEach((location, n) => (until = Math.min(until, views[n]!.settledUntil, impairment.get(location)!.settledUntil)));
    if (until <= from) continue;
    const timelines = check.locations.map((location, n) => ({ down: views[n]!.down, observed: subtract(views[n]!.observed, impairment.get(location)!.spans) }));
    const verdict: QuorumVerdict = quorumVerdict(timelines, check.quorum, { start: from, end: until });
    decisions.push({ check, decidedUntil, from, until, verdict, reasonAt: (at) => latestReasonAt(check, facts, at) });
  }

  let decided = 0;
  for (let n = 0; n < decisions.length; n += CHECKS_PER_TRANSACTION) {
    const chunk = decisions.slice(n, n + CHECKS_PER_TRANSACTION);
    const written = await store.transaction((tx) => writeDecisions(tx, { ...deps, now }, chunk));
    if (written === null) {
      // The lease went: another holder decides from here.
      state.stale = true;
      break;
    }
    for (const decision of written) {
      progress.set(decision.check.id, decision.until);
      facts.forget(decision.check.id, decision.check.locations, decision.until);
    }
    decided += written.length;
    // Decided meanwhile by another holder: read again what it wrote.
    if (written.length < chunk.length) state.stale = true;
  }
  return { decided };
}

/** Where a check's first decision starts: the earliest any location says anything of it (a gap since the SLA start, or a result); null: none has. */
function firstWord(check: CheckConfig, facts: LocationFactsCache): number | null {
  const starts = check.locations.flatMap((location) => {
    const own = facts.of(location, check.id);
    return [...(own.firstAt === null ? [] : [own.firstAt]), ...own.gaps.map((gap) => gap.start), ...own.outages.map((outage) => outage.start)];
  });
  return starts.length ? Math.min(...starts) : null;
}

/** The reason of the location outage that began last at or before `at` and still covered it: the one that brought the quorum. */
function latestReasonAt(check: CheckConfig, facts: LocationFactsCache, at: number): string | null {
  let best: { start: number; reason: string | null } | null = null;
  for (const location of check.locations) {
    for (const outage of facts.of(location, check.id).outages) {
      if (outage.start <= at && (outage.end === null || outage.end > at) && (!best || outage.start > best.start)) best = outage;
    }
  }
  return best?.reason ?? null;
}
