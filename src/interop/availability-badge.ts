import type { Formatter } from '../../status-page/format.ts';
import { shownAvailability, shownCoverage } from '../reports/shown-figures.ts';
import type { EnvironmentFigure } from '../sla/types.ts';
import { renderBadge, type BadgeColour } from './badge-svg.ts';

/**
 * The month's availability badge of one environment: the figure as every report shows it and
 * how much of the month was observed. Green or red by the verdict; grey when too little was
 * observed for the verdict to stand on its own, or when nothing was measured yet.
 */
export function availabilityBadge(input: { f: Formatter; label: string; figure: EnvironmentFigure; target: number; coverageMinimum?: number }): string {
  const { f, figure } = input;
  if (figure.verdict === 'none') return renderBadge({ label: input.label, value: '—', colour: 'grey' });
  const availability = shownAvailability(figure, input.target);
  const coverage = shownCoverage(figure, input.coverageMinimum ?? 0);
  const colour: BadgeColour = !figure.coverageSufficient ? 'grey' : figure.met ? 'green' : 'red';
  const value = `${f.number(availability.value, availability.decimals)} % · ${f.t.badgeObserved(f.number(coverage.value, coverage.decimals))}`;
  return renderBadge({ label: input.label, value, colour });
}
