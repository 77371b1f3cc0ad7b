/** @jsxImportSource hono/jsx */
import type { Formatter } from '../format.ts';
import type { TrendPoint } from '../../src/web/report/report-view.ts';

// Twelve monthly availabilities as inline SVG bars (no chart library, no CDN), the target as a
// dashed line. The scale starts a little below the lowest value or the target, so that the
// differences that matter (99.5 vs 99.9) are visible. Each bar has its value as text.

const W = 560;
const H = 172;
const LEFT = 44;
const BOTTOM = 34;
const TOP = 8;

export function TrendChart(props: { f: Formatter; name: string; points: readonly TrendPoint[]; target: number }) {
  const { f, points, target } = props;
  const values = points.flatMap((point) => (point.availability === null ? [] : [point.availability]));
  const floor = Math.max(0, Math.floor(Math.min(target, ...values) - 0.5));
  const round = (value: number) => Math.round(value * 100) / 100;
  const y = (value: number) => round(TOP + ((100 - value) / (100 - floor || 1)) * (H - TOP - BOTTOM));
  const slot = (W - LEFT) / points.length;
  const barWidth = Math.round(slot * 60) / 100;
  const label = f.t.trendLabel(props.name);
  return (
    <figure class="trend">
      <svg class="trend-svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
        <title>{label}</title>
        <line class="trend-axis" x1={LEFT} y1={y(100)} x2={W} y2={y(100)} />
        <line class="trend-axis" x1={LEFT} y1={y(floor)} x2={W} y2={y(floor)} />
        <text class="trend-text" x={LEFT - 4} y={y(100) + 4} text-anchor="end">
          100
        </text>
        <text class="trend-text" x={LEFT - 4} y={y(floor) + 4} text-anchor="end">
          {f.number(floor, 0)}
        </text>
        {points.map((point, k) => {
          const x = round(LEFT + k * slot + (slot - barWidth) / 2);
          const text = point.availability === null ? f.t.trendNoData(f.month(point.month)) : f.t.trendMonth(f.month(point.month), f.number(point.shown!.value, point.shown!.decimals));
          return (
            <g>
              <title>{text}</title>
              {point.availability === null ? (
                <rect class="trend-none" x={x} y={H - BOTTOM - 3} width={barWidth} height={3} />
              ) : (
                <rect
                  class={point.met ? 'trend-bar' : 'trend-bar trend-bar-missed'}
                  x={x}
                  y={y(point.availability)}
                  width={barWidth}
                  height={Math.max(1, round(H - BOTTOM - y(point.availability)))}
                />
              )}
              <text class="trend-text" x={round(x + barWidth / 2)} y={H - 19} text-anchor="middle">
                {f.shortMonth(point.month)}
              </text>
              {k === 0 || point.month.endsWith('-01') ? (
                <text class="trend-text" x={round(x + barWidth / 2)} y={H - 5} text-anchor="middle">
                  {f.year(point.month)}
                </text>
              ) : null}
            </g>
          );
        })}
        <line class="trend-target" x1={LEFT} y1={y(target)} x2={W} y2={y(target)} />
      </svg>
      <figcaption class="visually-hidden">
        <ul>
          {points.map((point) => (
            <li>{point.availability === null ? f.t.trendNoData(f.month(point.month)) : f.t.trendMonth(f.month(point.month), f.number(point.shown!.value, point.shown!.decimals))}</li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
