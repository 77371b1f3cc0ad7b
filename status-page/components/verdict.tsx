/** @jsxImportSource hono/jsx */
import type { Formatter } from '../format.ts';
import { shownCoverage, shownThreshold } from '../../src/reports/shown-figures.ts';
import type { Verdict } from '../../src/sla/types.ts';

export interface VerdictFacts {
  verdict: Verdict;
  observedMs: number;
  businessMs: number;
  coverageSufficient: boolean;
}

/** "✓ target met", "✕ target missed", or no verdict while nothing of the month was measured. */
export function VerdictText(props: { f: Formatter; verdict: Verdict }) {
  const { f, verdict } = props;
  if (verdict === 'none') return <span class="verdict verdict-none">— {f.t.noVerdict}</span>;
  return (
    <span class={verdict === 'met' ? 'verdict verdict-met' : 'verdict verdict-missed'}>
      <span aria-hidden="true">{verdict === 'met' ? '✓ ' : '✕ '}</span>
      {verdict === 'met' ? f.t.met : f.t.missed}
    </span>
  );
}

/** How much of the month was observed, as shown beside every verdict. */
export function coverageText(f: Formatter, facts: VerdictFacts, minimum: number): string {
  const coverage = shownCoverage(facts, minimum);
  return f.t.coverageValue(f.number(coverage.value, coverage.decimals));
}

/** Below the minimum, the sentence that the verdict rests on too little observation; otherwise nothing. */
export function CoverageWarning(props: { f: Formatter; facts: VerdictFacts; minimum: number }) {
  const { f, facts } = props;
  if (facts.verdict === 'none' || facts.coverageSufficient) return null;
  const minimum = shownThreshold(props.minimum);
  return <p class="coverage-low">{f.t.coverageTooLow(f.number(minimum.value, minimum.decimals))}</p>;
}
