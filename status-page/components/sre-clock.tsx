/** @jsxImportSource hono/jsx */
import type { Formatter } from '../format.ts';

const DAY_MS = 86_400_000;

/** A clock's margin: hours and minutes within a day, days and hours beyond (a priority III ticket has two weeks). */
function margin(f: Formatter, ms: number): string {
  if (ms < DAY_MS) return f.duration(ms);
  const hours = Math.floor(ms / 3_600_000);
  return f.t.clockDays(Math.floor(hours / 24), hours % 24);
}

/**
 * One support clock (rule 8): when it is due, then the time left (or how late) while it runs,
 * or whether it was met and when it stopped.
 */
export function SupportClock(props: { f: Formatter; dueAt: number | null; stoppedAt: number | null; met: boolean | null; leftMs: number | null }) {
  const { f } = props;
  if (props.dueAt === null) {
    return <span class="clock">{props.stoppedAt === null ? f.t.noResolutionDeadline : f.t.clockMet(f.dateTime(props.stoppedAt))}</span>;
  }
  const left = props.leftMs ?? 0;
  let verdict;
  if (props.met === null) verdict = <strong class={left >= 0 ? 'clock-running' : 'clock-late'}>{left >= 0 ? f.t.clockLeft(margin(f, left)) : f.t.clockLate(margin(f, -left))}</strong>;
  else if (props.met) verdict = <strong class="clock-met">{f.t.clockMet(f.dateTime(props.stoppedAt!))}</strong>;
  else verdict = <strong class="clock-late">{`${f.t.clockMissed(f.dateTime(props.stoppedAt!))} · ${f.t.clockLate(margin(f, -left))}`}</strong>;
  return (
    <span class="clock">
      <time datetime={f.iso(props.dueAt)}>{f.t.clockDue(f.dateTime(props.dueAt))}</time>
      <br />
      {verdict}
    </span>
  );
}
