import { and, eq } from 'drizzle-orm';
import { namesLocations, probedFrom } from '../config/probed-from.ts';
import type { CheckConfig, Config } from '../config/types.ts';
import type { HeldLease, Leases } from '../lease/lease-store.ts';
import { openProbeOutage, type OutageEventsWriter } from '../outages/outage-recorder.ts';
import { impairedSpans } from '../quorum/impairment.ts';
import { locationView, type LocationView } from '../quorum/location-view.ts';
import { quorumVerdict } from '../quorum/quorum-verdict.ts';
import { verdictEvents } from '../quorum/verdict-events.ts';
import { nominalIntervalMs } from '../schedule/nominal-interval.ts';
import type { Store, StoreTx } from '../store/store.ts';
import { normalize, subtract, type Interval } from '../time/interval.ts';
import { factsOf, readLocationFacts, readProgress, type StoredLocationFacts } from './quorum-facts.ts';

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

const FOREVER = Number.MAX_SAFE_INTEGER;

/**
 * One round of the quorum (docs/locations.md): each check's decision carried from where the
 * last round left it up to the instant every location probing it (and each such location's
 * impairment) is settled. Locations impaired (a reference check down, or every check they probe
 * down at once) do not
 * testify; the check is down while at least its quorum of the locations observing it see it
 * down, and unmonitored while fewer than its quorum observe it. Its outages (with incidents and
 * alerts, through `writeOutageEvents`) and unmonitored spans are written with its new progress
 * in one transaction, under the lease, so a restart or another holder carries on from there and
 * never writes a decision twice.
 */
export async function runQuorumRound(deps: QuorumDeps, now: number): Promise<QuorumRound> {
  const { store, config } = deps;
  if (!namesLocations(config)) return { decided: 0 };
  const checks = config.environments.flatMap((environment) => environment.checks);
  const checkIds = checks.map((check) => check.id);
  const progress = await readProgress(store, checkIds);
  const since = Math.min(...checkIds.map((id) => progress.get(id) ?? -FOREVER));
  const facts = await readLocationFacts(store, checkIds, since);

  const views = new Map<string, LocationView>();
  const viewOf = (location: string, check: CheckConfig) => {
    const k = `${location}\u0000${check.id}`;
    let view = views.get(k);
    if (!view) views.set(k, (view = locationView(factsOf(facts, location, check.id), nominalIntervalMs(check), now)));
    return view;
  };
  // Each location's impairment, and until when it is settled: every check it probes must be.
  const impairment = new Map<string, { spans: Interval[]; settledUntil: number }>();
  for (const location of config.locations) {
    const own = probedFrom(config, location).environments.flatMap((environment) => environment.checks);
    const ownViews = own.map((check) => viewOf(location, check));
    // Its reference checks failing, or every check it probes failing at once (two at least).
    const references = own.filter((check) => check.reference).map((check) => viewOf(location, check));
    const spans = impairedSpans({ checksDown: ownViews.length >= 2 ? ownViews.map((view) => view.down) : [], referenceDown: normalize(references.flatMap((view) => view.down)), minChecks: 2 });
    const weighed = ownViews.length >= 2 ? ownViews : references;
    impairment.set(location, { spans, settledUntil: weighed.length ? Math.min(...weighed.map((view) => view.settledUntil)) : FOREVER });
  }

  let decided = 0;
  for (const check of checks) {
    const from = progress.get(check.id) ?? firstWord(check, facts);
    if (from === null) continue;
    const until = Math.min(now, ...check.locations.map((location) => Math.min(viewOf(location, check).settledUntil, impairment.get(location)!.settledUntil)));
    if (until <= from) continue;
    const timelines = check.locations.map((location) => {
      const view = viewOf(location, check);
      return { down: view.down, observed: subtract(view.observed, impairment.get(location)!.spans) };
    });
    const verdict = quorumVerdict(timelines, check.quorum, { start: from, end: until });
    const reasonAt = (at: number) => latestReasonAt(check, facts, at);
    const wrote = await store.transaction(async (tx) => {
      if (deps.lease && !(await deps.lease.leases.stillHeld(tx, deps.lease.held))) return false;
      const stored = await tx.db.select({ decidedUntil: tx.t.quorumProgress.decidedUntil }).from(tx.t.quorumProgress).where(eq(tx.t.quorumProgress.checkId, check.id));
      // Decided meanwhile (by this process before, or by a holder before this one): never twice.
      if ((stored[0]?.decidedUntil ?? null) !== (progress.get(check.id) ?? null)) return false;
      const open = (await openProbeOutage(tx, check.id)) !== undefined;
      const events = verdictEvents(verdict, { start: from, end: until }, open, reasonAt);
      if (events.length) await deps.writeOutageEvents(tx, check, events, now);
      await writeUnmonitored(tx, check, verdict.unmonitored, from);
      if (stored[0]) await tx.db.update(tx.t.quorumProgress).set({ decidedUntil: until }).where(eq(tx.t.quorumProgress.checkId, check.id));
      else await tx.db.insert(tx.t.quorumProgress).values({ checkId: check.id, decidedUntil: until });
      return true;
    });
    if (wrote) decided++;
  }
  return { decided };
}

/** Where a check's first decision starts: the earliest any location says anything of it (a gap since the SLA start, or a result); null: none has. */
function firstWord(check: CheckConfig, facts: ReadonlyMap<string, StoredLocationFacts>): number | null {
  const starts = check.locations.flatMap((location) => {
    const own = factsOf(facts, location, check.id);
    return [...(own.firstAt === null ? [] : [own.firstAt]), ...own.gaps.map((gap) => gap.start), ...own.outages.map((outage) => outage.start)];
  });
  return starts.length ? Math.min(...starts) : null;
}

/** The reason of the location outage that began last at or before `at` and still covered it: the one that brought the quorum. */
function latestReasonAt(check: CheckConfig, facts: ReadonlyMap<string, StoredLocationFacts>, at: number): string | null {
  let best: { start: number; reason: string | null } | null = null;
  for (const location of check.locations) {
    for (const outage of factsOf(facts, location, check.id).outages) {
      if (outage.start <= at && (outage.end === null || outage.end > at) && (!best || outage.start > best.start)) best = outage;
    }
  }
  return best?.reason ?? null;
}

/** The check's unmonitored time: a span that goes on from the last round's is extended, not written again beside it. */
async function writeUnmonitored({ db, t }: StoreTx, check: CheckConfig, spans: readonly Interval[], from: number): Promise<void> {
  for (const span of spans) {
    if (span.start === from) {
      const extended = await db
        .update(t.unmonitoredSpans)
        .set({ end: span.end })
        .where(and(eq(t.unmonitoredSpans.checkId, check.id), eq(t.unmonitoredSpans.end, from)))
        .returning({ id: t.unmonitoredSpans.id });
      if (extended.length) continue;
    }
    await db.insert(t.unmonitoredSpans).values({ checkId: check.id, envId: check.environmentId, start: span.start, end: span.end });
  }
}
