import type { Formatter } from '../../status-page/format.ts';
import { shownAvailability } from '../reports/shown-figures.ts';
import type { EnvironmentFigure } from '../sla/types.ts';
import { renderBadge } from './badge-svg.ts';

/** The month's availability badge of one environment: the figure as every report shows it, coloured by its verdict. */
export function availabilityBadge(input: { f: Formatter; label: string; figure: EnvironmentFigure; target: number }): string {
  const { f, figure } = input;
  const availability = shownAvailability(figure, input.target);
  return renderBadge({ label: input.label, value: `${f.number(availability.value, availability.decimals)} %`, colour: figure.met ? 'green' : 'red' });
}
