import type { DetectorEvent } from '../outages/detector.ts';
import type { Interval } from '../time/interval.ts';
import type { QuorumVerdict } from './quorum-verdict.ts';

type OutageEvent = Extract<DetectorEvent, { type: 'outage_opened' | 'outage_continued' | 'outage_closed' }>;

/**
 * The check's outage changes that a verdict over `window` makes, as the detector's events, so
 * that one recorder writes outages, incidents and alerts whether they come from one location or
 * from the quorum. `openAtStart`: the check had an outage open when the window began (decided
 * by the previous window, which ended there). An outage still down at the window's end stays
 * open, its last down the window's end; one that ends where the check becomes unmonitored ends
 * as a gap, any other as a recovery. Pure.
 */
export function verdictEvents(verdict: Pick<QuorumVerdict, 'down' | 'unmonitored'>, window: Interval, openAtStart: boolean, reasonAt: (at: number) => string | null): OutageEvent[] {
  const events: OutageEvent[] = [];
  const closed = (end: number): OutageEvent => ({ type: 'outage_closed', end, cause: verdict.unmonitored.some((span) => span.start === end) ? 'gap' : 'recovered' });
  let downs = verdict.down;
  if (openAtStart) {
    const first = downs[0];
    if (first && first.start === window.start) {
      events.push(first.end < window.end ? closed(first.end) : { type: 'outage_continued', lastDownAt: window.end });
      downs = downs.slice(1);
    } else {
      events.push(closed(window.start));
    }
  }
  for (const down of downs) {
    events.push({ type: 'outage_opened', start: down.start, lastDownAt: down.end, reason: reasonAt(down.start) });
    if (down.end < window.end) events.push(closed(down.end));
  }
  return events;
}
