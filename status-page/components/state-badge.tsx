/** @jsxImportSource hono/jsx */
import type { Formatter } from '../format.ts';
import type { CheckState, EnvironmentState, OverallState } from '../../src/web/public-view/types.ts';

// A state is never carried by colour alone: each has its own symbol and its words.
const SYMBOL: Record<string, string> = {
  operational: '✓',
  up: '✓',
  degraded: '!',
  partial_outage: '!',
  major_outage: '✕',
  down: '✕',
  maintenance: '⚙',
  unknown: '?',
};

export function EnvironmentStateBadge(props: { f: Formatter; state: EnvironmentState }) {
  return (
    <span class={`state state-${props.state}`}>
      <span class="state-symbol" aria-hidden="true">
        {SYMBOL[props.state]}
      </span>
      {props.f.t.envState[props.state]}
    </span>
  );
}

export function CheckStateBadge(props: { f: Formatter; state: CheckState }) {
  return (
    <span class={`state state-${props.state}`}>
      <span class="state-symbol" aria-hidden="true">
        {SYMBOL[props.state]}
      </span>
      {props.f.t.checkState[props.state]}
    </span>
  );
}

export function overallSymbol(state: OverallState): string {
  return SYMBOL[state]!;
}
