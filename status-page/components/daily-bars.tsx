/** @jsxImportSource hono/jsx */
import type { Formatter } from '../format.ts';
import type { PublicDay } from '../../src/web/public-view/types.ts';

// The daily bars as an SVG coloured by class (no inline style, CSP-safe): 90 days on a wide
// screen, the last 30 on a phone (90 bars there were hairlines), switched by the stylesheet so
// the page stays script-free. The colour is backed by text: each bar's <title> (tooltip), and a
// summary that names every day with counted downtime, which is also the image's text
// alternative; days with downtime carry a marker under the bar. The legend is the page's (one
// for every card: PageLegend).

const BAR_W = 6;
const GAP = 2;
const HEIGHT = 34;
const LOW = 14;
const MARK = 6;
/** Days shown on narrow screens. */
export const NARROW_DAYS = 30;

function minutesText(f: Formatter, ms: number): string {
  return f.minutes(ms, ms % 60_000 === 0 ? 0 : 1);
}

function dayText(f: Formatter, day: PublicDay): string {
  const date = f.localDate(day.date);
  // Counted downtime is named whatever else is true of the day (it may predate monitoring).
  if (day.downtimeMs > 0) return f.t.barDay(date, minutesText(f, day.downtimeMs));
  if (day.level === 'nodata') return f.t.barNoData(date);
  if (day.level === 'closed') return f.t.barClosed(date);
  return f.t.barDay(date, minutesText(f, day.downtimeMs));
}

/** A bar's tooltip: in full for a day with downtime, shortened for the many quiet days (the heading says what is counted). */
function barTitle(f: Formatter, day: PublicDay): string {
  if (day.downtimeMs > 0) return dayText(f, day);
  const date = f.shortDate(day.date);
  return day.level === 'none' ? f.t.barQuiet(date) : day.level === 'closed' ? f.t.barClosedShort(date) : f.t.barNoDataShort(date);
}

function Bars(props: { f: Formatter; days: readonly PublicDay[]; variant: 'wide' | 'narrow'; labelledBy: string; spanId: string }) {
  const { f, days } = props;
  const width = days.length * (BAR_W + GAP) - GAP;
  return (
    <div class={`bars-${props.variant}`}>
      <span class="visually-hidden" id={props.spanId}>
        {f.t.barsSpan(days.length)}
      </span>
      <svg class="bars-svg" viewBox={`0 0 ${width} ${HEIGHT + MARK + 2}`} preserveAspectRatio="none" role="img" aria-labelledby={props.labelledBy} focusable="false">
        {days.map((day, k) => {
          const x = k * (BAR_W + GAP);
          const low = day.level === 'closed' || day.level === 'nodata';
          return (
            <>
              <rect class={`bar bar-${day.level}`} x={x} y={low ? HEIGHT - LOW : 0} width={BAR_W} height={low ? LOW : HEIGHT}>
                <title>{barTitle(f, day)}</title>
              </rect>
              {day.downtimeMs > 0 ? <rect class="bar-mark" x={x} y={HEIGHT + 2} width={BAR_W} height={MARK} /> : null}
            </>
          );
        })}
      </svg>
      <p class="bars-axis" aria-hidden="true">
        <span>{f.t.barsOldest(days.length)}</span>
        <span>{f.t.barsToday}</span>
      </p>
    </div>
  );
}

export function DailyBars(props: { f: Formatter; name: string; days: readonly PublicDay[]; idPrefix: string }) {
  const { f, days, idPrefix } = props;
  const withDowntime = days.filter((day) => day.downtimeMs > 0);
  const totalMs = withDowntime.reduce((sum, day) => sum + day.downtimeMs, 0);
  const summary = f.t.barsSummary(withDowntime.length, minutesText(f, totalMs));
  const listed = withDowntime
    .slice()
    .reverse()
    .map((day) => dayText(f, day))
    .join(' ; ');
  const heading = `${idPrefix}-bars`;
  const summaryId = `${idPrefix}-bars-summary`;
  return (
    <div class="bars">
      <h4 class="bars-title" id={heading}>
        {f.t.barsHeading}
      </h4>
      <Bars f={f} days={days} variant="wide" spanId={`${idPrefix}-bars-wide`} labelledBy={`${heading} ${idPrefix}-bars-wide ${summaryId}`} />
      <Bars f={f} days={days.slice(-NARROW_DAYS)} variant="narrow" spanId={`${idPrefix}-bars-narrow`} labelledBy={`${heading} ${idPrefix}-bars-narrow ${summaryId}`} />
      <p class="bars-summary" id={summaryId}>
        {summary}
        {listed ? ` ${f.t.barsDaysListed}${listed}.` : null}
      </p>
    </div>
  );
}

const LEGEND: ReadonlyArray<{ level: PublicDay['level']; low: boolean; text: (f: Formatter) => string }> = [
  { level: 'none', low: false, text: (f) => f.t.legendNone },
  { level: 'minor', low: false, text: (f) => f.t.legendMinor },
  { level: 'major', low: false, text: (f) => f.t.legendMajor },
  { level: 'closed', low: true, text: (f) => f.t.legendClosed },
  { level: 'nodata', low: true, text: (f) => f.t.legendNoData },
];

/** What the bars' colours mean, once for the page: every colour a card shows, and "none" always. */
export function PageLegend(props: { f: Formatter; days: readonly PublicDay[] }) {
  const { f } = props;
  const shown = new Set<PublicDay['level']>(['none', ...props.days.map((day) => day.level)]);
  return (
    <div class="bars-legend">
      <p class="bars-explain">{f.t.barsExplain}</p>
      <ul class="legend" aria-label={f.t.legendLabel}>
        {LEGEND.filter((entry) => shown.has(entry.level)).map((entry) => (
          <li>
            <span class={`swatch${entry.low ? ' swatch-low' : ''} bar-${entry.level}`} aria-hidden="true"></span>
            {entry.text(f)}
          </li>
        ))}
      </ul>
    </div>
  );
}
