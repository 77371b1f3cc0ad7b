import { buildCalendars } from '../config/calendars.ts';
import { namesLocations } from '../config/probed-from.ts';
import type { Config } from '../config/types.ts';
import type { HeldLease, Leases } from '../lease/lease-store.ts';
import { indexChecks, outageRecorder, type OutageEventsWriter, type OutageRecorderDeps } from '../outages/outage-recorder.ts';
import type { Store } from '../store/store.ts';
import { quorumRounds } from './quorum-job.ts';

/** How often the quorum decides: a second or two after the locations' results are written. */
export const QUORUM_EVERY_MS = 2_000;

export interface QuorumWorkDeps {
  readonly store: Store;
  readonly leases: Leases;
  /** The configuration and outage notices in force now (a reload replaces them). */
  readonly runtime: () => { readonly config: Config; readonly notices?: OutageRecorderDeps['notices'] };
  readonly clock: () => number;
  /** How the check's outages, incidents and alerts are written: the outage recorder by default. */
  readonly writeOutageEvents?: OutageEventsWriter;
  readonly everyMs?: number;
  readonly log?: (line: string) => void;
}

/**
 * The check's outage recorder (src/outages/outage-recorder.ts) with the configuration and
 * notices in force at each call, on either database: what the quorum decides opens and closes
 * outages, incidents and alerts as one daemon's prober does.
 */
export function quorumOutageRecorder(runtime: QuorumWorkDeps['runtime']): OutageEventsWriter {
  // Built again only when a reload replaces the configuration or the notices: its calendars and
  // index of checks cost as much as a round of thousands of checks.
  let built: { config: Config; notices: OutageRecorderDeps['notices']; write: OutageEventsWriter } | null = null;
  return (tx, check, events, now) => {
    const { config, notices } = runtime();
    if (built?.config !== config || built.notices !== notices) {
      built = { config, notices, write: outageRecorder({ config, calendars: buildCalendars(config), notices, checks: indexChecks(config) }) };
    }
    return built.write(tx, check, events, now);
  };
}

/**
 * The quorum's rounds while `lease` is held (src/daemon/once-only-work.ts), one at a time,
 * until `signal` aborts; idle while the configuration names no locations (the implicit
 * location's outages are the check's, written by its prober).
 */
export async function runQuorumWork(deps: QuorumWorkDeps, lease: HeldLease, signal: AbortSignal): Promise<void> {
  const log = deps.log ?? ((line: string) => console.error(line));
  const writeOutageEvents = deps.writeOutageEvents ?? quorumOutageRecorder(deps.runtime);
  let failing = false;
  // What the rounds read is kept from one to the next while this lease is held (src/locations/quorum-facts.ts).
  const rounds = quorumRounds({ store: deps.store, config: deps.runtime().config, writeOutageEvents, lease: { leases: deps.leases, held: lease } });
  while (!signal.aborted) {
    const { config } = deps.runtime();
    if (namesLocations(config)) {
      try {
        await rounds.run(deps.clock(), config);
        failing = false;
      } catch (error) {
        // Logged when it begins failing, not every round; the next round tries again from where the last one committed.
        if (!failing) log(`quorum: a round failed: ${(error as Error).message}`);
        failing = true;
      }
    }
    await pause(deps.everyMs ?? QUORUM_EVERY_MS, signal);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    timer.unref?.();
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
