/** @jsxImportSource hono/jsx */
import type { Formatter } from '../format.ts';
import type { OverallState } from '../../src/web/public-view/types.ts';
import { overallSymbol } from './state-badge.tsx';

export function StatusBanner(props: { f: Formatter; state: OverallState; updatedAt: number }) {
  const { f } = props;
  return (
    <section class={`banner banner-${props.state}`} aria-labelledby="banner-title">
      <p class="banner-symbol" aria-hidden="true">
        {overallSymbol(props.state)}
      </p>
      <div>
        <h1 id="banner-title" class="banner-title">
          {f.t.overall[props.state]}
        </h1>
        <p class="banner-meta">
          {f.t.updatedAtLabel} <time datetime={f.iso(props.updatedAt)}>{f.dateTime(props.updatedAt)}</time>. {f.t.timesIn(f.timeZoneName)}
        </p>
      </div>
    </section>
  );
}
