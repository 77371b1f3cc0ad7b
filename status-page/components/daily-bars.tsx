/** @jsxImportSource hono/jsx */
import type { Formatter } from '../format.ts';
import type { PublicDay } from '../../src/web/public-view/types.ts';

// 90 days as an SVG of bars coloured by class (no inline style, CSP-safe). The colour is
// backed by text three ways: each bar's <title> (tooltip), a sentence summing the period, and
// a list of the days with downtime; days with downtime also carry a marker under the bar.

const BAR_W = 6;
const GAP = 2;
const HEIGHT = 34;
const LOW = 14;
const MARK = 6;

function dayText(f: Formatter, day: PublicDay): string {
  const date = f.localDate(day.date);
  if (day.level === 'nodata') return f.t.barNoData(date);
  if (day.level === 'closed') return f.t.barClosed(date);
  return f.t.barDay(date, f.minutes(day.downtimeMs, day.downtimeMs % 60_000 === 0 ? 0 : 1));
}

/** A bar's tooltip: in full for a day with downtime, shortened for the many quiet days (the heading says what is counted). */
function barTitle(f: Formatter, day: PublicDay): string {
  if (day.downtimeMs > 0) return dayText(f, day);
  const date = f.shortDate(day.date);
  return day.level === 'none' ? f.t.barQuiet(date) : day.level === 'closed' ? f.t.barClosedShort(date) : f.t.barNoDataShort(date);
}

export function DailyBars(props: { f: Formatter; name: string; days: readonly PublicDay[]; idPrefix: string }) {
  const { f, days } = props;
  const withDowntime = days.filter((day) => day.downtimeMs > 0);
  const totalMs = withDowntime.reduce((sum, day) => sum + day.downtimeMs, 0);
  const summary = f.t.barsSummary(withDowntime.length, f.minutes(totalMs, totalMs % 60_000 === 0 ? 0 : 1));
  const width = days.length * (BAR_W + GAP) - GAP;
  return (
    <div class="bars">
      <h4 class="bars-title" id={`${props.idPrefix}-bars`}>
        {props.f.t.barsHeading}
      </h4>
      <p class="bars-explain">{f.t.barsExplain}</p>
      <svg
        class="bars-svg"
        viewBox={`0 0 ${width} ${HEIGHT + MARK + 2}`}
        preserveAspectRatio="none"
        role="img"
        aria-labelledby={`${props.idPrefix}-bars ${props.idPrefix}-bars-summary`}
        focusable="false"
      >
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
        <span>{f.t.barsOldest}</span>
        <span>{f.t.barsToday}</span>
      </p>
      <p class="bars-summary" id={`${props.idPrefix}-bars-summary`}>
        {summary}
      </p>
      <ul class="legend" aria-label={f.t.legendLabel}>
        <li>
          <span class="swatch bar-none" aria-hidden="true"></span>
          {f.t.legendNone}
        </li>
        <li>
          <span class="swatch bar-minor" aria-hidden="true"></span>
          {f.t.legendMinor}
        </li>
        <li>
          <span class="swatch bar-major" aria-hidden="true"></span>
          {f.t.legendMajor}
        </li>
        <li>
          <span class="swatch swatch-low bar-closed" aria-hidden="true"></span>
          {f.t.legendClosed}
        </li>
      </ul>
      {withDowntime.length > 0 ? (
        <details class="bars-details">
          <summary>{f.t.barsDaysWithDowntime}</summary>
          <ul>
            {withDowntime
              .slice()
              .reverse()
              .map((day) => (
                <li>{dayText(f, day)}</li>
              ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
