import { shownMinutes } from './shown-figures.ts';
import type { EnvironmentFigure } from '../sla/types.ts';

/**
 * The parts of a monthly figure that are durations (rule 7: "every figure shows its parts"),
 * in the order every report shows them: the measured period, then the downtime broken down.
 */
export const DURATION_PARTS = [
  'businessMs',
  'rawDowntimeMs',
  'outsideBusinessMs',
  'excludedMaintenanceMs',
  'excludedOtherMs',
  'downtimeMs',
  'unmonitoredMs',
] as const satisfies ReadonlyArray<keyof EnvironmentFigure>;

/** The allowed downtime and what is left of it. */
export const BUDGET_PARTS = ['budgetMs', 'budgetLeftMs'] as const satisfies ReadonlyArray<keyof EnvironmentFigure>;

/** Business minutes with 3 decimals and a "." point (rule 7), for text and CSV. */
export function minutesText(ms: number, part?: (typeof DURATION_PARTS)[number] | (typeof BUDGET_PARTS)[number]): string {
  return shownMinutes(ms, part).text;
}
